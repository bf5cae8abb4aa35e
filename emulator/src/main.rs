//! `aliyun-emulator`: parses the command line, starts the emulator, prints the ready line.

use std::io::Write;
use std::process::ExitCode;

use aliyun_emulator::cli::{demo_banner, Cli, Setup};
use clap::Parser;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: usage errors → 2; --help and --version → 0.
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let setup = match cli.into_setup() {
        Ok(setup) => setup,
        Err(e) => {
            eprintln!("aliyun-emulator: {e}");
            return ExitCode::from(if e.is_bad_input() { 2 } else { 1 });
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("aliyun-emulator: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    runtime.block_on(serve(setup))
}

async fn serve(setup: Setup) -> ExitCode {
    let running = match aliyun_emulator::run(setup.config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("aliyun-emulator: {e}");
            return ExitCode::from(if e.is_bad_input() { 2 } else { 1 });
        }
    };
    let mut stdout = std::io::stdout().lock();
    // Scripts wait for this exact line; it must go out (flushed) before anything else.
    let _ = writeln!(stdout, "{}", running.ready_line());
    if setup.demo {
        let _ = writeln!(stdout, "{}", demo_banner(&running));
    }
    let _ = stdout.flush();
    drop(stdout);
    running.wait().await;
    ExitCode::SUCCESS
}
