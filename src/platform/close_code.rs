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

/// [`describe_close_code`] in Chinese.
pub fn describe_close_code_zh(code: u16) -> &'static str {
    match code {
        1000 => "连接已正常关闭",
        1001 => "服务器正在离开（重启或关闭）",
        1002 => "服务器因协议错误关闭了连接",
        1003 => "服务器不接受这种数据",
        1005 => "连接关闭时没有状态码",
        1006 => "连接中断或无法建立（服务器未运行，或主机、端口、路径错误，或 TLS 被拒绝）",
        1007 => "服务器收到的数据与消息类型不符",
        1008 => "服务器按策略拒绝了连接",
        1009 => "消息太大，服务器无法处理",
        1010 => "服务器没有提供所需的扩展",
        1011 => "服务器内部错误",
        1012 => "服务器正在重启",
        1013 => "服务器过载，请稍后再试",
        1015 => "TLS 握手失败（证书不受信任或主机名不符）",
        3000..=3999 => "服务器以库定义的代码关闭了连接",
        4000..=4999 => "服务器以应用定义的代码关闭了连接",
        _ => "连接以未知代码关闭",
    }
}

#[cfg(test)]
mod tests {
    use super::{describe_close_code, describe_close_code_zh};

    #[test]
    fn abnormal_closure_names_the_likely_causes() {
        assert!(describe_close_code(1006).contains("host, port or path"));
        assert!(describe_close_code(1000).contains("normally"));
        assert!(describe_close_code(4321).contains("application-defined"));
        assert!(describe_close_code(7).contains("unknown"));
        assert!(describe_close_code_zh(1006).contains("端口"));
    }
}
