fn main() {
    mqtt_console::ui::install_panic_hook();
    leptos::mount::mount_to_body(mqtt_console::ui::App);
    mqtt_console::platform::probe::mark("mountedAt");
}
