//! The short name of each reason code, with its hex, for a table cell or a log column where the
//! full sentence of [`describe`](super::describe) does not fit.

use crate::i18n::Text;
use crate::mqtt::ReasonCode;

/// English, then Chinese.
type Words = (&'static str, &'static str);

/// The code's name and its byte in hex, e.g. "Not authorized (0x87)" / "未授权 (0x87)". The
/// same on every packet: 0x00 is "Success" even where the sentence says "granted QoS 0".
pub fn short(code: ReasonCode) -> Text {
    let (en, zh) = name(code);
    let hex = code.as_u8();
    Text::new(format!("{en} (0x{hex:02X})"), format!("{zh} (0x{hex:02X})"))
}

fn name(code: ReasonCode) -> Words {
    use ReasonCode::*;
    match code {
        Success => ("Success", "成功"),
        GrantedQoS1 => ("Granted QoS 1", "授予 QoS 1"),
        GrantedQoS2 => ("Granted QoS 2", "授予 QoS 2"),
        DisconnectWithWillMessage => ("Disconnect with will message", "断开并发布遗嘱"),
        NoMatchingSubscribers => ("No matching subscribers", "无匹配订阅者"),
        NoSubscriptionExisted => ("No subscription existed", "订阅不存在"),
        ContinueAuthentication => ("Continue authentication", "继续认证"),
        ReAuthenticate => ("Re-authenticate", "重新认证"),
        UnspecifiedError => ("Unspecified error", "未指明的错误"),
        MalformedPacket => ("Malformed packet", "报文格式错误"),
        ProtocolError => ("Protocol error", "协议错误"),
        ImplementationSpecificError => ("Implementation specific error", "实现特定错误"),
        UnsupportedProtocolVersion => ("Unsupported protocol version", "不支持的协议版本"),
        ClientIdentifierNotValid => ("Client identifier not valid", "客户端标识符无效"),
        BadUserNameOrPassword => ("Bad user name or password", "用户名或密码错误"),
        NotAuthorized => ("Not authorized", "未授权"),
        ServerUnavailable => ("Server unavailable", "服务端不可用"),
        ServerBusy => ("Server busy", "服务端繁忙"),
        Banned => ("Banned", "已被禁止"),
        ServerShuttingDown => ("Server shutting down", "服务端正在关闭"),
        BadAuthenticationMethod => ("Bad authentication method", "认证方法错误"),
        KeepAliveTimeout => ("Keep alive timeout", "保活超时"),
        SessionTakenOver => ("Session taken over", "会话被接管"),
        TopicFilterInvalid => ("Topic filter invalid", "主题过滤器无效"),
        TopicNameInvalid => ("Topic name invalid", "主题名无效"),
        PacketIdentifierInUse => ("Packet identifier in use", "报文标识符已被占用"),
        PacketIdentifierNotFound => ("Packet identifier not found", "报文标识符不存在"),
        ReceiveMaximumExceeded => ("Receive maximum exceeded", "超出接收最大值"),
        TopicAliasInvalid => ("Topic alias invalid", "主题别名无效"),
        PacketTooLarge => ("Packet too large", "报文过大"),
        MessageRateTooHigh => ("Message rate too high", "消息速率过高"),
        QuotaExceeded => ("Quota exceeded", "超出配额"),
        AdministrativeAction => ("Administrative action", "管理操作"),
        PayloadFormatInvalid => ("Payload format invalid", "载荷格式无效"),
        RetainNotSupported => ("Retain not supported", "不支持保留消息"),
        QoSNotSupported => ("QoS not supported", "不支持该 QoS"),
        UseAnotherServer => ("Use another server", "使用其他服务端"),
        ServerMoved => ("Server moved", "服务端已迁移"),
        SharedSubscriptionsNotSupported => ("Shared subscriptions not supported", "不支持共享订阅"),
        ConnectionRateExceeded => ("Connection rate exceeded", "超出连接速率限制"),
        MaximumConnectTime => ("Maximum connect time", "超出最长连接时间"),
        SubscriptionIdentifiersNotSupported => {
            ("Subscription identifiers not supported", "不支持订阅标识符")
        }
        WildcardSubscriptionsNotSupported => {
            ("Wildcard subscriptions not supported", "不支持通配符订阅")
        }
    }
}
