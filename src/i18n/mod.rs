//! Every word the user reads, 中文 and English: the label table ([`Strings`]) and, per area, the
//! [`Describe`] translations of the typed errors and states the layers below produce. No other
//! file of `src/` holds Chinese text. It compiles without the `ui` feature so the emulator can
//! word the core's errors too.
//!
//! 中文 and English labels. Protocol words (ProductKey, DeviceName, QoS, …) stay as the Aliyun
//! console writes them in both languages, so tutorials match the screen.

mod aliyun;
#[cfg(feature = "ui")]
mod device_tools;
#[cfg(feature = "ui")]
mod form;
mod mqtt;
#[cfg(feature = "ui")]
mod payload;
#[cfg(feature = "ui")]
mod platform;
#[cfg(feature = "ui")]
mod profile_notes;
#[cfg(feature = "ui")]
mod profiles;

#[cfg(feature = "ui")]
pub mod connection;

/// The UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Picks 中文 for any `zh*` browser language, English otherwise.
    pub fn from_browser(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The other language, for the switch.
    pub fn toggled(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Every label in this language.
    pub fn t(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// A message in both languages, for errors built before the UI knows which one to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// A message in both languages.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A value the UI shows in words: an error, a status, a reason code. Implementations live in
/// this folder, one file per area, and match every variant with both languages side by side
/// (`Text::new(en, zh)`), so a variant without its translation does not compile.
pub trait Describe {
    /// What to tell the user, in English and Chinese.
    fn describe(&self) -> Text;
}

/// One language's labels.
#[allow(missing_docs)]
pub struct Strings {
    pub switch_to: &'static str,
    pub connection: &'static str,
    pub profile: &'static str,
    pub choose_profile: &'static str,
    pub aliyun_device: &'static str,
    pub generic_broker: &'static str,
    pub region: &'static str,
    pub host_override: &'static str,
    pub host_placeholder: &'static str,
    pub path: &'static str,
    pub tls: &'static str,
    pub client_id: &'static str,
    pub client_id_default: &'static str,
    pub sign_method: &'static str,
    pub timestamp: &'static str,
    pub timestamp_placeholder: &'static str,
    pub will_send: &'static str,
    pub reveal: &'static str,
    pub broker_url: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub keepalive: &'static str,
    pub clean_session: &'static str,
    pub connect: &'static str,
    pub disconnect: &'static str,
    pub subscriptions: &'static str,
    pub topic_filter: &'static str,
    pub subscribe: &'static str,
    pub unsubscribe: &'static str,
    pub no_subscriptions: &'static str,
    pub publish: &'static str,
    pub topic: &'static str,
    pub retain: &'static str,
    pub payload: &'static str,
    pub send: &'static str,
    pub messages: &'static str,
    pub received: &'static str,
    pub filter_log: &'static str,
    pub filter_topic: &'static str,
    pub copy: &'static str,
    pub pretty: &'static str,
    pub property_post: &'static str,
    pub post: &'static str,
    pub device_tools: &'static str,
    pub ntp_sync: &'static str,
    pub ntp_offset: &'static str,
    pub ntp_on_connect: &'static str,
    pub ntp_hint: &'static str,
    pub rrpc_auto: &'static str,
    pub rrpc_listen: &'static str,
    pub reply: &'static str,
    pub log_capacity: &'static str,
    pub tree_overflow: &'static str,
    pub topics_tab: &'static str,
    pub pause: &'static str,
    pub resume: &'static str,
    pub paste_title: &'static str,
    pub paste_apply: &'static str,
    pub paste_applied: &'static str,
    pub paste_port_note: &'static str,
    pub insert_topic: &'static str,
    pub profile_name: &'static str,
    pub save: &'static str,
    pub delete: &'static str,
    pub keep_secrets: &'static str,
    pub passphrase_ask: &'static str,
    pub export: &'static str,
    pub import: &'static str,
    pub hide: &'static str,
    pub show: &'static str,
    pub auto_reconnect: &'static str,
    pub last_will: &'static str,
    pub will_topic_hint: &'static str,
    pub attempt: &'static str,
    pub next_try: &'static str,
    pub theme: &'static str,
    pub mute: &'static str,
    pub suback_refused: &'static str,
    pub snippets: &'static str,
    pub save_snippet: &'static str,
    pub no_retain_aliyun: &'static str,
    pub no_qos2_aliyun: &'static str,
    pub clear: &'static str,
    pub empty_log: &'static str,
    pub dropped: &'static str,
    pub status_disconnected: &'static str,
    pub status_connecting: &'static str,
    pub status_connected: &'static str,
    pub status_reconnecting: &'static str,
    pub status_error: &'static str,
    pub aliyun_auth: &'static str,
    pub auth_secret: &'static str,
    pub auth_token: &'static str,
    pub fatal_heading: &'static str,
    // The device tools and dynamic registration.
    pub thing_model: &'static str,
    pub alink_ack: &'static str,
    pub alink_raw_json: &'static str,
    pub alink_typed_form: &'static str,
    pub add_property: &'static str,
    pub event_post: &'static str,
    pub calls_title: &'static str,
    pub calls_listen: &'static str,
    pub rule_manual: &'static str,
    pub rule_fixed: &'static str,
    pub rule_echo: &'static str,
    pub reply_code: &'static str,
    pub shadow_title: &'static str,
    pub shadow_get: &'static str,
    pub shadow_version: &'static str,
    pub shadow_as_version: &'static str,
    pub shadow_report: &'static str,
    pub shadow_accept: &'static str,
    pub registration_title: &'static str,
    pub registration_warning: &'static str,
    pub registration_uses: &'static str,
    pub registration_mode_register: &'static str,
    pub registration_mode_regnwl: &'static str,
    pub registration_start: &'static str,
    pub registration_running: &'static str,
    pub registration_secret_of: &'static str,
    pub registration_secret_is: &'static str,
    pub registration_keep_secret: &'static str,
    pub registration_token: &'static str,
    pub registration_token_client_id: &'static str,
    pub registration_token_auth: &'static str,
    pub registration_use: &'static str,
}

static EN: Strings = Strings {
    switch_to: "中文",
    connection: "Connection",
    profile: "Profile",
    choose_profile: "— choose a profile —",
    aliyun_device: "Aliyun device",
    generic_broker: "Any broker",
    region: "Region",
    host_override: "Host",
    host_placeholder: "empty = ${ProductKey}.iot-as-mqtt.${region}.aliyuncs.com:443",
    path: "Path",
    tls: "TLS (wss://, securemode=2)",
    client_id: "Client ID",
    client_id_default: "empty = ${ProductKey}.${DeviceName}",
    sign_method: "Sign method",
    timestamp: "Timestamp (ms)",
    timestamp_placeholder: "empty = now at connect",
    will_send: "Will be sent",
    reveal: "show",
    broker_url: "Broker URL",
    username: "Username",
    password: "Password",
    keepalive: "Keepalive (s)",
    clean_session: "Clean session",
    connect: "Connect",
    disconnect: "Disconnect",
    subscriptions: "Subscriptions",
    topic_filter: "Topic filter",
    subscribe: "Subscribe",
    unsubscribe: "Unsubscribe",
    no_subscriptions: "No subscriptions yet.",
    publish: "Publish",
    topic: "Topic",
    retain: "Retain",
    payload: "Payload",
    send: "Publish",
    messages: "Messages",
    received: "received",
    filter_log: "Search topic and payload text",
    filter_topic: "Topic filter, e.g. sensors/+/temp",
    copy: "Copy",
    pretty: "Pretty",
    property_post: "Post properties (Alink)",
    post: "Post",
    device_tools: "Device tools",
    ntp_sync: "Sync clock (NTP)",
    ntp_offset: "server clock ahead by",
    ntp_on_connect: "at every connect",
    ntp_hint: "The measured offset corrects the signing timestamp of the next connection.",
    rrpc_auto: "Answer RRPC requests automatically (within Aliyun's 8 s) with:",
    rrpc_listen: "Listen for RRPC",
    reply: "Reply",
    log_capacity: "How many messages the log keeps; the oldest are dropped and counted beyond it",
    tree_overflow: "messages on further topics are counted but not shown (the tree is full)",
    topics_tab: "Topics",
    pause: "Pause",
    resume: "Resume",
    paste_title: "Paste the console's MQTT connection parameters",
    paste_apply: "Fill in",
    paste_applied: "Filled in. Now enter the DeviceSecret: the console's passwd is a signature made with it, not the secret itself.",
    paste_port_note: "Port 1883 is MQTT over TCP; a browser connects over WebSocket on 443.",
    insert_topic: "— device topics —",
    profile_name: "Profile name",
    save: "Save",
    delete: "Delete",
    keep_secrets: "Also save DeviceSecret / password, encrypted with a passphrase",
    passphrase_ask: "Passphrase for saved secrets (asked once per session):",
    export: "Export profiles",
    import: "Import (JSON, MQTT.fx XML, MQTTX)",
    hide: "hide",
    show: "show",
    auto_reconnect: "Reconnect automatically",
    last_will: "Last will",
    will_topic_hint: "empty = no will",
    attempt: "attempt",
    next_try: "next try at",
    theme: "Theme",
    mute: "Hide this subscription's messages in the log (they are still received and kept)",
    suback_refused: "The broker refused this filter (SUBACK 0x80). On Aliyun: the device may not subscribe to it; check the topic class permissions.",
    snippets: "— saved payloads —",
    save_snippet: "Save payload",
    no_retain_aliyun: "Aliyun IoT Platform keeps no retained messages and has no QoS 2, so both are off here.",
    no_qos2_aliyun: "Aliyun IoT Platform does not support QoS 2",
    clear: "Clear",
    empty_log: "No messages yet.",
    dropped: "dropped (log full)",
    status_disconnected: "Disconnected",
    status_connecting: "Connecting…",
    status_connected: "Connected",
    status_reconnecting: "Reconnecting…",
    status_error: "Error",
    aliyun_auth: "Authentication",
    auth_secret: "DeviceSecret signature",
    auth_token: "device token (after regnwl, connwl)",
    fatal_heading: "The console hit an internal error and stopped. Reload the page to go on (saved profiles are kept). Please report this message:",
    thing_model: "Thing model (Alink)",
    alink_ack: "sys.ack: ask the platform for a post_reply",
    alink_raw_json: "raw JSON",
    alink_typed_form: "form with types",
    add_property: "+ property",
    event_post: "Post an event",
    calls_title: "Calls from the cloud (services, property set)",
    calls_listen: "Listen for calls",
    rule_manual: "answer by hand",
    rule_fixed: "answer automatically with the data below",
    rule_echo: "answer automatically, echoing params",
    reply_code: "code",
    shadow_title: "Device shadow",
    shadow_get: "Get shadow",
    shadow_version: "version",
    shadow_as_version: "as version",
    shadow_report: "Report",
    shadow_accept: "Take on desired",
    registration_title: "Dynamic registration (one product, one secret)",
    registration_warning: "The ProductSecret can register every device of the product. Type it only on a machine you trust; the console keeps it in memory for this tab and never saves it. Aliyun accepts registration only over TLS (wss://).",
    registration_uses: "Uses ProductKey, DeviceName, host, path, client id and sign method from the connection form.",
    registration_mode_register: "register: pre-registered device → DeviceSecret",
    registration_mode_regnwl: "regnwl: no pre-registration → device token",
    registration_start: "Register",
    registration_running: "registering…",
    registration_secret_of: "DeviceSecret of ",
    registration_secret_is: ": ",
    registration_keep_secret: "Registering again issues a new secret and voids this one: keep it.",
    registration_token: "Device token: ",
    registration_token_client_id: "Log in with client id ",
    registration_token_auth: " and authType=connwl.",
    registration_use: "Use in the connection form (then save the profile)",
};

static ZH: Strings = Strings {
    switch_to: "English",
    connection: "连接",
    profile: "连接配置",
    choose_profile: "— 选择连接配置 —",
    aliyun_device: "阿里云设备",
    generic_broker: "通用 MQTT 服务器",
    region: "地域",
    host_override: "接入域名",
    host_placeholder: "留空 = ${ProductKey}.iot-as-mqtt.${region}.aliyuncs.com:443",
    path: "路径",
    tls: "TLS（wss://，securemode=2）",
    client_id: "Client ID",
    client_id_default: "留空 = ${ProductKey}.${DeviceName}",
    sign_method: "签名方法",
    timestamp: "时间戳（毫秒）",
    timestamp_placeholder: "留空 = 连接时的当前时间",
    will_send: "将要发送的参数",
    reveal: "显示",
    broker_url: "服务器地址",
    username: "用户名",
    password: "密码",
    keepalive: "心跳间隔（秒）",
    clean_session: "清除会话",
    connect: "连接",
    disconnect: "断开",
    subscriptions: "订阅",
    topic_filter: "Topic 过滤器",
    subscribe: "订阅",
    unsubscribe: "取消订阅",
    no_subscriptions: "还没有订阅。",
    publish: "发布",
    topic: "Topic",
    retain: "保留消息",
    payload: "消息内容",
    send: "发布",
    messages: "消息",
    received: "条已接收",
    filter_log: "搜索 Topic 和消息内容",
    filter_topic: "Topic 过滤，如 sensors/+/temp",
    copy: "复制",
    pretty: "格式化",
    property_post: "上报属性（Alink）",
    post: "上报",
    device_tools: "设备工具",
    ntp_sync: "NTP 时钟同步",
    ntp_offset: "服务器时钟超前",
    ntp_on_connect: "每次连接时同步",
    ntp_hint: "测得的时差会用于校正下次连接的签名时间戳。",
    rrpc_auto: "自动回复 RRPC 请求（阿里云限时 8 秒），回复内容：",
    rrpc_listen: "监听 RRPC",
    reply: "回复",
    log_capacity: "日志最多保留的消息数；超出时丢弃最早的消息并计数",
    tree_overflow: "条消息的 Topic 未显示（Topic 树已满），但已计数",
    topics_tab: "Topic 树",
    pause: "暂停",
    resume: "继续",
    paste_title: "粘贴控制台的 MQTT 连接参数",
    paste_apply: "填入",
    paste_applied:
        "已填入。请再输入 DeviceSecret：控制台的 passwd 是用它计算出的签名，并不是密钥本身。",
    paste_port_note: "1883 是 MQTT over TCP 的端口；浏览器通过 WebSocket 的 443 端口连接。",
    insert_topic: "— 设备 Topic —",
    profile_name: "配置名称",
    save: "保存",
    delete: "删除",
    keep_secrets: "同时保存 DeviceSecret / 密码（用口令加密）",
    passphrase_ask: "已保存密钥的口令（每次会话只问一次）：",
    export: "导出配置",
    import: "导入（JSON、MQTT.fx XML、MQTTX）",
    hide: "隐藏",
    show: "显示",
    auto_reconnect: "断线自动重连",
    last_will: "遗嘱消息",
    will_topic_hint: "留空 = 不设遗嘱",
    attempt: "第",
    next_try: "次重连，下次尝试于",
    theme: "主题",
    mute: "在日志中隐藏该订阅的消息（仍会接收并保存）",
    suback_refused:
        "服务器拒绝了该订阅（SUBACK 0x80）。阿里云：设备无权订阅该 Topic，请检查 Topic 类的权限。",
    snippets: "— 已保存的消息 —",
    save_snippet: "保存消息",
    no_retain_aliyun: "阿里云物联网平台不支持保留消息和 QoS 2，因此这里已关闭。",
    no_qos2_aliyun: "阿里云物联网平台不支持 QoS 2",
    clear: "清空",
    empty_log: "还没有消息。",
    dropped: "条已丢弃（日志已满）",
    status_disconnected: "未连接",
    status_connecting: "连接中…",
    status_connected: "已连接",
    status_reconnecting: "重连中…",
    status_error: "错误",
    aliyun_auth: "认证方式",
    auth_secret: "DeviceSecret 签名",
    auth_token: "设备 Token（regnwl 注册后，connwl）",
    fatal_heading:
        "控制台发生内部错误，已停止运行。请刷新页面继续（已保存的配置不会丢失）。请报告以下信息：",
    thing_model: "物模型（Alink）",
    alink_ack: "sys.ack：要求平台回复 post_reply",
    alink_raw_json: "JSON 原文",
    alink_typed_form: "按类型填写",
    add_property: "+ 属性",
    event_post: "上报事件",
    calls_title: "云端调用（服务、属性设置）",
    calls_listen: "监听调用",
    rule_manual: "手动回复",
    rule_fixed: "自动回复下方 data",
    rule_echo: "自动回复，原样返回 params",
    reply_code: "回复码",
    shadow_title: "设备影子",
    shadow_get: "获取影子",
    shadow_version: "版本",
    shadow_as_version: "版本号",
    shadow_report: "上报 reported",
    shadow_accept: "执行期望值",
    registration_title: "动态注册（一型一密）",
    registration_warning: "ProductSecret 可以为该产品下的任意设备注册。请只在可信的电脑上输入；本工具只在当前标签页内存中保留它，不会保存。阿里云只接受 TLS（wss://）上的动态注册。",
    registration_uses: "使用连接表单中的 ProductKey、DeviceName、接入域名、路径、ClientID 和签名方法。",
    registration_mode_register: "register：已预注册设备 → DeviceSecret",
    registration_mode_regnwl: "regnwl：免预注册 → 设备 Token",
    registration_start: "注册",
    registration_running: "注册中…",
    registration_secret_of: "设备 ",
    registration_secret_is: " 的 DeviceSecret：",
    registration_keep_secret: "再次注册会签发新的密钥，当前密钥随即失效：请妥善保存。",
    registration_token: "设备 Token：",
    registration_token_client_id: "登录时 ClientID 须为 ",
    registration_token_auth: "，authType=connwl。",
    registration_use: "填入连接表单（然后保存配置）",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn browser_language_picks_chinese_for_any_zh_tag() {
        assert_eq!(Lang::from_browser("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_browser("en-US"), Lang::En);
        assert_eq!(Lang::En.toggled().toggled(), Lang::En);
    }
}
