//! WebSocket close codes in plain language (RFC 6455 §7.4 and the IANA registry).

/// Explains a WebSocket close code to someone who has never read RFC 6455.
pub fn describe_close_code(code: u16) -> &'static str {
    match code {
        1000 => "the connection was closed normally",
        1001 => "the server is going away (restart or shutdown)",
        1002 => "the server closed the connection because of a protocol error",
        1003 => "the server does not accept this kind of data",
        1005 => "the connection was closed without a status code",
        1006 => "the connection was lost or could not be opened (broker down, wrong host, port or path, or TLS refused)",
        1007 => "the server received data that was not consistent with the message type",
        1008 => "the server refused the connection by policy",
        1009 => "a message was too big for the server",
        1010 => "the server did not offer a required extension",
        1011 => "the server hit an internal error",
        1012 => "the server is restarting",
        1013 => "the server is overloaded; try again later",
        1015 => "the TLS handshake failed (certificate not trusted or wrong host name)",
        3000..=3999 => "the server closed the connection with a library-defined code",
        4000..=4999 => "the server closed the connection with an application-defined code",
        _ => "the connection was closed with an unknown code",
    }
}

#[cfg(test)]
mod tests {
    use super::describe_close_code;

    #[test]
    fn abnormal_closure_names_the_likely_causes() {
        assert!(describe_close_code(1006).contains("host, port or path"));
        assert!(describe_close_code(1000).contains("normally"));
        assert!(describe_close_code(4321).contains("application-defined"));
        assert!(describe_close_code(7).contains("unknown"));
    }
}
