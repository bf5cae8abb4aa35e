fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(mqtt_console::ui::App);
    mqtt_console::state::probe::mark("mountedAt");
}
