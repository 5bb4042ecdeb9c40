//! `kindred`: serve the web app, or run an operator command (see `kindred --help`).

use clap::Parser;
use server::config::{Cli, Command, LogFormat};
use server::{operator, serve};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    init_tracing(&cli.settings.log, cli.settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve(&cli.settings).await,
        Command::Migrate => operator::migrate(&cli.settings).await,
        Command::User { command } => operator::user(&cli.settings, command).await,
        Command::Token { command } => operator::token(&cli.settings, command).await,
        Command::Backup { file } => operator::backup(&cli.settings, &file).await,
        Command::Rollups { command } => operator::rollups(&cli.settings, command).await,
        Command::Demo { responses } => server::demo::demo(&cli.settings, responses).await,
    }
}

fn init_tracing(filter: &str, format: LogFormat) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Text => builder.init(),
    }
}
