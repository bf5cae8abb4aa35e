//! The words for what the endpoint field resolves to and which registration a device gets.

use super::super::{Describe, Text};
use crate::aliyun::{EndpointKind, RegistrationKind};

impl Describe for EndpointKind {
    fn describe(&self) -> Text {
        match self {
            EndpointKind::PublicRegion { region } => Text::new(
                format!("old public instance, region {region}"),
                format!("旧版公共实例，地域 {region}"),
            ),
            EndpointKind::Instance { id } => Text::new(
                format!(
                    "instance {id} (Aliyun does not document the WebSocket path of instance \
                     endpoints: if / is refused, try /mqtt)"
                ),
                format!("实例 {id}（阿里云未说明实例接入域名的 WebSocket 路径：若 / 被拒绝，可尝试 /mqtt）"),
            ),
            EndpointKind::Host => Text::new(
                "the host as typed; it names no instance",
                "按填写的地址连接，未指明实例",
            ),
        }
    }
}

impl Describe for RegistrationKind {
    fn describe(&self) -> Text {
        match self {
            RegistrationKind::PublicInstance => Text::new(
                "Old public instance: registers with securemode=2. If the device belongs to a new \
                 instance, enter its instance id here or as the connection's endpoint.",
                "旧版公共实例：使用 securemode=2 注册。若设备属于新版实例，请在此处或连接的接入地址中填写实例 ID。",
            ),
            RegistrationKind::Instance { id } => Text::new(
                format!("Instance {id}: registers with securemode=-2 and instanceId={id}."),
                format!("实例 {id}：使用 securemode=-2 和 instanceId={id} 注册。"),
            ),
        }
    }
}
