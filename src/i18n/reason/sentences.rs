//! One sentence per reason code and packet: the table behind [`describe`].

use crate::i18n::Text;
use crate::mqtt::{ReasonCode, ReasonPacket};

/// English, then Chinese.
type Words = (&'static str, &'static str);

/// What `code` means when the server sends it on `packet`, in one sentence. A code the packet
/// may not carry (see [`ReasonCode::allowed_on`]) still gets the code's general meaning, so a
/// misbehaving server's packet can be explained too.
pub fn describe(packet: ReasonPacket, code: ReasonCode) -> Text {
    let (en, zh) = words(packet, code);
    Text::new(en, zh)
}

fn words(packet: ReasonPacket, code: ReasonCode) -> Words {
    use ReasonCode::*;
    use ReasonPacket as P;
    match code {
        Success => match packet {
            P::ConnAck => ("connection accepted", "连接已被接受"),
            P::PubAck => ("the server accepted this publish", "服务端已接受此消息"),
            P::PubRec => (
                "the server received this QoS 2 publish; the release step follows",
                "服务端已收到此 QoS 2 消息，接下来进行释放（PUBREL）",
            ),
            P::PubRel => (
                "the server released this QoS 2 message: it is delivered exactly once",
                "服务端已释放此 QoS 2 消息：消息恰好投递一次",
            ),
            P::PubComp => (
                "this QoS 2 publish is complete: the server has it exactly once",
                "此 QoS 2 消息的发布流程已完成：服务端恰好收到一次",
            ),
            P::SubAck => (
                "granted QoS 0: messages on this filter arrive at most once",
                "授予 QoS 0：此主题过滤器上的消息最多投递一次",
            ),
            P::UnsubAck => ("unsubscribed", "已取消订阅"),
            P::Disconnect => ("normal disconnection", "正常断开连接"),
        },
        GrantedQoS1 => (
            "granted QoS 1: messages on this filter arrive at least once (duplicates possible)",
            "授予 QoS 1：此主题过滤器上的消息至少投递一次（可能重复）",
        ),
        GrantedQoS2 => (
            "granted QoS 2: messages on this filter arrive exactly once",
            "授予 QoS 2：此主题过滤器上的消息恰好投递一次",
        ),
        DisconnectWithWillMessage => (
            "disconnected on purpose, asking the server to publish the will message anyway",
            "主动断开连接，并要求服务端照常发布遗嘱消息",
        ),
        NoMatchingSubscribers => (
            "the server accepted this publish, but nobody subscribes to its topic right now",
            "服务端已接受此消息，但当前没有订阅者匹配该主题",
        ),
        NoSubscriptionExisted => (
            "there was no such subscription, so nothing was removed",
            "该订阅不存在，没有可取消的订阅",
        ),
        ContinueAuthentication => (
            "continue authentication: the server expects the next step of enhanced authentication (AUTH)",
            "继续认证：服务端在等待增强认证（AUTH）的下一步",
        ),
        ReAuthenticate => (
            "re-authenticate: a new round of enhanced authentication (AUTH) starts",
            "重新认证：开始新一轮增强认证（AUTH）",
        ),
        UnspecifiedError => match packet {
            P::ConnAck => (
                "the server refused the connection without saying why (its reason string, if any, may say more)",
                "服务端拒绝了连接，但未说明原因（如有原因字符串，可从中了解详情）",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish without saying why",
                "服务端拒绝了此消息，但未说明原因",
            ),
            P::SubAck => (
                "the server refused this subscription without saying why",
                "服务端拒绝了此订阅，但未说明原因",
            ),
            P::UnsubAck => (
                "the server could not unsubscribe and did not say why",
                "服务端未能取消订阅，且未说明原因",
            ),
            P::Disconnect => (
                "the server closed the connection without saying why (its reason string, if any, may say more)",
                "服务端断开了连接，但未说明原因（如有原因字符串，可从中了解详情）",
            ),
            P::PubRel | P::PubComp => (
                "unspecified error: the server reported a failure without saying why",
                "未指明的错误：服务端报告了失败，但未说明原因",
            ),
        },
        MalformedPacket => match packet {
            P::ConnAck => (
                "the server could not parse our CONNECT packet (malformed packet)",
                "服务端无法解析我们发送的 CONNECT 报文（报文格式错误）",
            ),
            P::Disconnect => (
                "the server closed the connection: it received a packet it could not parse (malformed packet)",
                "服务端断开了连接：收到了无法解析的报文（报文格式错误）",
            ),
            _ => (
                "malformed packet: the server could not parse a packet",
                "报文格式错误：服务端无法解析报文",
            ),
        },
        ProtocolError => match packet {
            P::ConnAck => (
                "the server refused the connection: our CONNECT broke an MQTT rule (protocol error)",
                "服务端拒绝了连接：CONNECT 报文违反了 MQTT 协议规则（协议错误）",
            ),
            P::Disconnect => (
                "the server closed the connection: a packet broke an MQTT rule (protocol error)",
                "服务端断开了连接：有报文违反了 MQTT 协议规则（协议错误）",
            ),
            _ => (
                "protocol error: a packet broke an MQTT rule",
                "协议错误：报文违反了 MQTT 协议规则",
            ),
        },
        ImplementationSpecificError => match packet {
            P::ConnAck => (
                "the server refused the connection for a reason of its own (see its reason string)",
                "服务端因自身实现的原因拒绝了连接（请查看原因字符串）",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish for a reason of its own (see its reason string)",
                "服务端因自身实现的原因拒绝了此消息（请查看原因字符串）",
            ),
            P::SubAck => (
                "the server refused this subscription for a reason of its own (see its reason string)",
                "服务端因自身实现的原因拒绝了此订阅（请查看原因字符串）",
            ),
            P::UnsubAck => (
                "the server could not unsubscribe for a reason of its own (see its reason string)",
                "服务端因自身实现的原因未能取消订阅（请查看原因字符串）",
            ),
            P::Disconnect => (
                "the server closed the connection for a reason of its own (see its reason string)",
                "服务端因自身实现的原因断开了连接（请查看原因字符串）",
            ),
            P::PubRel | P::PubComp => (
                "implementation-specific error: the server failed for a reason of its own (see its reason string)",
                "实现特定错误：服务端因自身实现的原因失败（请查看原因字符串）",
            ),
        },
        UnsupportedProtocolVersion => (
            "the server does not speak this MQTT version: connect with MQTT 3.1.1 instead (on Aliyun only Enterprise Edition instances accept MQTT 5)",
            "服务端不支持该 MQTT 协议版本：请改用 MQTT 3.1.1 连接（阿里云仅企业版实例支持 MQTT 5）",
        ),
        ClientIdentifierNotValid => (
            "the server refused the client id: it is too long, has characters the server does not accept, or is empty where that is not allowed",
            "服务端认为 Client ID 无效：过长、含有服务端不接受的字符，或在不允许的情况下为空",
        ),
        BadUserNameOrPassword => (
            "wrong username or password: the server refused the login (on Aliyun: check the DeviceSecret and the signature)",
            "用户名或密码错误：服务端拒绝登录（阿里云：请检查 DeviceSecret 与签名）",
        ),
        NotAuthorized => match packet {
            P::ConnAck => (
                "not authorized to connect: the server does not let this client in",
                "未授权：服务端不允许此客户端连接",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish: not authorized for this topic (on Aliyun: check the topic's permission in the product's topic list)",
                "服务端拒绝了此消息：无权向该主题发布（阿里云：请在产品的 Topic 列表中检查该 Topic 的操作权限）",
            ),
            P::SubAck => (
                "not allowed to subscribe to this filter (on Aliyun: check the topic's permission in the product's topic list)",
                "未授权：无权订阅此主题过滤器（阿里云：请在产品的 Topic 列表中检查该 Topic 的操作权限）",
            ),
            P::UnsubAck => (
                "not allowed to unsubscribe from this filter",
                "未授权：无权取消订阅此主题过滤器",
            ),
            P::Disconnect => (
                "the server closed the connection: not authorized (e.g. a publish or subscribe without permission)",
                "服务端断开了连接：未授权（例如发布或订阅了无权限的主题）",
            ),
            P::PubRel | P::PubComp => ("not authorized", "未授权"),
        },
        ServerUnavailable => (
            "the server is unavailable right now: try again later",
            "服务端暂不可用：请稍后重试",
        ),
        ServerBusy => match packet {
            P::Disconnect => (
                "the server closed the connection because it is busy: reconnect later",
                "服务端繁忙，断开了连接：请稍后重连",
            ),
            _ => ("the server is busy: try again later", "服务端繁忙：请稍后重试"),
        },
        Banned => (
            "this client is banned by the server (ask the server's administrator)",
            "此客户端已被服务端禁止连接（请联系服务端管理员）",
        ),
        ServerShuttingDown => (
            "the server is shutting down: reconnect later or to another server",
            "服务端正在关闭：请稍后重连或改连其他服务端",
        ),
        BadAuthenticationMethod => (
            "the server does not support the authentication method asked for",
            "服务端不支持所请求的认证方法",
        ),
        KeepAliveTimeout => (
            "keepalive timeout: the server heard nothing from this client for 1.5 × the keepalive and closed the connection (check the network)",
            "保活超时：服务端在 1.5 倍保活时间内未收到此客户端的任何报文，断开了连接（请检查网络）",
        ),
        SessionTakenOver => (
            "session taken over: another client logged in with the same client id (on Aliyun: the same device)",
            "会话被接管：另一个客户端使用相同的 Client ID 登录（阿里云：同一设备在别处上线）",
        ),
        TopicFilterInvalid => match packet {
            P::Disconnect => (
                "the server closed the connection: a topic filter was invalid",
                "服务端断开了连接：主题过滤器无效",
            ),
            _ => (
                "the server does not accept this topic filter (well formed, but invalid for this server)",
                "服务端不接受此主题过滤器（格式正确，但对该服务端无效）",
            ),
        },
        TopicNameInvalid => match packet {
            P::ConnAck => (
                "the server refused the connection: the will topic is invalid",
                "服务端拒绝了连接：遗嘱主题名无效",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish: the topic name is invalid for this server",
                "服务端拒绝了此消息：主题名对该服务端无效",
            ),
            P::Disconnect => (
                "the server closed the connection: a publish had an invalid topic name",
                "服务端断开了连接：发布的主题名无效",
            ),
            _ => ("the topic name is invalid", "主题名无效"),
        },
        PacketIdentifierInUse => (
            "packet id in use: the server still has an unfinished exchange with this packet id",
            "报文标识符已被占用：服务端仍有使用该标识符的未完成交互",
        ),
        PacketIdentifierNotFound => match packet {
            P::PubRel => (
                "the server no longer knows this QoS 2 message's packet id (it may have lost the session)",
                "服务端已不认识此 QoS 2 消息的报文标识符（可能已丢失会话）",
            ),
            P::PubComp => (
                "the server no longer knows this packet id: the QoS 2 publish may not have been delivered (it may have lost the session)",
                "服务端已不认识此报文标识符：该 QoS 2 消息可能未被投递（服务端可能已丢失会话）",
            ),
            _ => (
                "packet id not found: the server no longer knows this packet id",
                "报文标识符不存在：服务端已不认识此报文标识符",
            ),
        },
        ReceiveMaximumExceeded => match packet {
            P::Disconnect => (
                "the server closed the connection: more QoS 1/2 publishes awaited its acknowledgement than its receive maximum allows",
                "服务端断开了连接：等待其确认的 QoS 1/2 消息数超出了其接收最大值（Receive Maximum）",
            ),
            _ => (
                "receive maximum exceeded: more QoS 1/2 publishes awaited acknowledgement than the server allows",
                "超出接收最大值：等待确认的 QoS 1/2 消息数超出了服务端的上限",
            ),
        },
        TopicAliasInvalid => match packet {
            P::Disconnect => (
                "the server closed the connection: a topic alias was invalid (0 or above its topic alias maximum); turn topic aliases off and reconnect",
                "服务端断开了连接：主题别名无效（为 0 或超出其主题别名最大值），可关闭主题别名后重连",
            ),
            _ => (
                "topic alias invalid: 0 or above the server's topic alias maximum; turn topic aliases off",
                "主题别名无效：为 0 或超出服务端的主题别名最大值，可关闭主题别名",
            ),
        },
        PacketTooLarge => match packet {
            P::ConnAck => (
                "the server refused the connection: the CONNECT packet is too large (shorten the will or the user properties)",
                "服务端拒绝了连接：CONNECT 报文过大（请缩短遗嘱消息或用户属性）",
            ),
            P::Disconnect => (
                "the server closed the connection: a packet was larger than its maximum packet size; send a smaller payload",
                "服务端断开了连接：报文超过了其最大报文长度，请发送更小的载荷",
            ),
            _ => (
                "packet too large: the server's maximum packet size is smaller; send a smaller payload",
                "报文过大：服务端的最大报文长度更小，请发送更小的载荷",
            ),
        },
        MessageRateTooHigh => match packet {
            P::Disconnect => (
                "the server closed the connection: messages were sent too fast; publish more slowly",
                "服务端断开了连接：消息发送速率过高，请降低发送频率",
            ),
            _ => (
                "message rate too high: publish more slowly",
                "消息速率过高：请降低发送频率",
            ),
        },
        QuotaExceeded => match packet {
            P::ConnAck => (
                "the server refused the connection: a quota was exceeded (e.g. too many connections)",
                "服务端拒绝了连接：超出配额（例如连接数过多）",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish: a quota was exceeded; try again later",
                "服务端拒绝了此消息：超出配额，请稍后重试",
            ),
            P::SubAck => (
                "the server refused this subscription: a quota was exceeded (e.g. too many subscriptions)",
                "服务端拒绝了此订阅：超出配额（例如订阅数过多）",
            ),
            P::Disconnect => (
                "the server closed the connection: a quota was exceeded",
                "服务端断开了连接：超出配额",
            ),
            P::PubRel | P::PubComp | P::UnsubAck => ("quota exceeded", "超出配额"),
        },
        AdministrativeAction => (
            "an administrator closed this connection on the server (e.g. kicked or disabled the client)",
            "服务端管理员断开了此连接（例如将客户端踢下线或禁用）",
        ),
        PayloadFormatInvalid => match packet {
            P::ConnAck => (
                "the server refused the connection: the will's payload does not match its payload format indicator (marked UTF-8 but is not)",
                "服务端拒绝了连接：遗嘱消息的载荷与载荷格式指示不符（标记为 UTF-8 但并非 UTF-8）",
            ),
            P::PubAck | P::PubRec => (
                "the server refused this publish: the payload does not match its payload format indicator (marked UTF-8 but is not)",
                "服务端拒绝了此消息：载荷与载荷格式指示不符（标记为 UTF-8 但并非 UTF-8）",
            ),
            P::Disconnect => (
                "the server closed the connection: a payload did not match its payload format indicator",
                "服务端断开了连接：有消息的载荷与其载荷格式指示不符",
            ),
            _ => (
                "payload format invalid: the payload does not match its payload format indicator",
                "载荷格式无效：载荷与载荷格式指示不符",
            ),
        },
        RetainNotSupported => match packet {
            P::ConnAck => (
                "the server refused the connection: it does not keep retained messages, so the will may not be retained",
                "服务端拒绝了连接：服务端不支持保留消息，遗嘱不能设置保留标志",
            ),
            P::Disconnect => (
                "the server closed the connection: it does not support retained messages; publish without retain",
                "服务端断开了连接：服务端不支持保留消息，请取消保留标志后再发布",
            ),
            _ => (
                "retain not supported: publish without the retain flag",
                "不支持保留消息：请取消保留标志后再发布",
            ),
        },
        QoSNotSupported => match packet {
            P::ConnAck => (
                "the server refused the connection: the will's QoS is above the server's maximum QoS (on Aliyun: at most QoS 1)",
                "服务端拒绝了连接：遗嘱的 QoS 高于服务端支持的最大 QoS（阿里云最高支持 QoS 1）",
            ),
            P::Disconnect => (
                "the server closed the connection: a publish used a QoS above the server's maximum QoS (on Aliyun: at most QoS 1)",
                "服务端断开了连接：发布使用的 QoS 高于服务端支持的最大 QoS（阿里云最高支持 QoS 1）",
            ),
            _ => (
                "QoS not supported: use a QoS no higher than the server's maximum QoS",
                "不支持该 QoS：请使用不高于服务端最大 QoS 的等级",
            ),
        },
        UseAnotherServer => match packet {
            P::Disconnect => (
                "the server closed the connection and points to another server for now: connect there instead (see server reference)",
                "服务端断开了连接，并要求暂时改用其他服务端：请改连该服务端（见服务端引用 Server Reference）",
            ),
            _ => (
                "the server points to another server for now: connect there instead (see server reference)",
                "服务端要求暂时改用其他服务端：请改连该服务端（见服务端引用 Server Reference）",
            ),
        },
        ServerMoved => match packet {
            P::Disconnect => (
                "the server closed the connection: it has moved for good; connect to the new server (see server reference)",
                "服务端断开了连接：服务端已永久迁移，请改连新服务端（见服务端引用 Server Reference）",
            ),
            _ => (
                "the server has moved for good: connect to the new server (see server reference)",
                "服务端已永久迁移：请改连新服务端（见服务端引用 Server Reference）",
            ),
        },
        SharedSubscriptionsNotSupported => match packet {
            P::Disconnect => (
                "the server closed the connection: it does not support shared subscriptions ($share/...)",
                "服务端断开了连接：服务端不支持共享订阅（$share/...）",
            ),
            _ => (
                "the server does not support shared subscriptions ($share/...): subscribe to the plain filter",
                "服务端不支持共享订阅（$share/...）：请直接订阅主题过滤器",
            ),
        },
        ConnectionRateExceeded => match packet {
            P::Disconnect => (
                "the server closed the connection: this client connected too often; wait before reconnecting",
                "服务端断开了连接：此客户端连接过于频繁，请稍等后再重连",
            ),
            P::ConnAck => (
                "the server refused the connection: too many connection attempts; wait before retrying",
                "服务端拒绝了连接：连接尝试过于频繁，请稍等后再试",
            ),
            _ => (
                "connection rate exceeded: too many connection attempts; wait before retrying",
                "超出连接速率限制：连接尝试过于频繁，请稍等后再试",
            ),
        },
        MaximumConnectTime => match packet {
            P::Disconnect => (
                "the server closed the connection: the longest time it allows a connection has passed",
                "服务端断开了连接：已达到其允许的最长连接时间",
            ),
            _ => (
                "maximum connect time: the longest time the server allows a connection has passed",
                "超出最长连接时间：已达到服务端允许的最长连接时间",
            ),
        },
        SubscriptionIdentifiersNotSupported => match packet {
            P::Disconnect => (
                "the server closed the connection: it does not support subscription identifiers",
                "服务端断开了连接：服务端不支持订阅标识符",
            ),
            _ => (
                "the server does not support subscription identifiers: subscribe without one",
                "服务端不支持订阅标识符：请不带订阅标识符订阅",
            ),
        },
        WildcardSubscriptionsNotSupported => match packet {
            P::Disconnect => (
                "the server closed the connection: it does not support wildcards (+ and #) in filters",
                "服务端断开了连接：服务端不支持通配符订阅（+ 和 #）",
            ),
            _ => (
                "the server does not support wildcards (+ and #) in filters: subscribe to exact topics",
                "服务端不支持通配符订阅（+ 和 #）：请订阅具体的主题",
            ),
        },
    }
}
