//! Regions for the old public-instance host form `${ProductKey}.iot-as-mqtt.${RegionId}.aliyuncs.com`.

/// Region list for a `<select>`: (region id, English name, Chinese name).
///
/// Only the regions where Aliyun documents IoT Platform *public* instances, because the region is
/// used for nothing but the public-instance host. China (Beijing) and China (Shenzhen) offer
/// Enterprise instances only, which are reached through the host shown in their console (the host
/// override), so listing them here would produce a host that does not exist.
pub const REGIONS: &[(&str, &str, &str)] = &[
    ("cn-shanghai", "China (Shanghai)", "华东2（上海）"),
    ("ap-southeast-1", "Singapore", "新加坡"),
    ("ap-northeast-1", "Japan (Tokyo)", "日本（东京）"),
    ("us-west-1", "US (Silicon Valley)", "美国（硅谷）"),
    ("us-east-1", "US (Virginia)", "美国（弗吉尼亚）"),
    ("eu-central-1", "Germany (Frankfurt)", "德国（法兰克福）"),
];

/// The region preselected for new devices: where most users' public instances live.
pub const DEFAULT_REGION: &str = "cn-shanghai";

/// Looks up a region's (English, Chinese) names; `None` for an id not in [`REGIONS`], which is
/// still allowed (Aliyun may open regions after this list was written).
pub fn region_names(id: &str) -> Option<(&'static str, &'static str)> {
    REGIONS
        .iter()
        .find(|(rid, _, _)| *rid == id)
        .map(|(_, en, zh)| (*en, *zh))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_region_is_listed_first() {
        assert_eq!(REGIONS[0].0, DEFAULT_REGION);
        assert_eq!(
            region_names(DEFAULT_REGION),
            Some(("China (Shanghai)", "华东2（上海）"))
        );
    }

    #[test]
    fn ids_are_unique_and_hostname_safe() {
        for (i, (id, en, zh)) in REGIONS.iter().enumerate() {
            assert!(!en.is_empty() && !zh.is_empty());
            assert!(id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(
                REGIONS[i + 1..].iter().all(|(other, _, _)| other != id),
                "{id} twice"
            );
        }
        assert_eq!(region_names("xx-nowhere-1"), None);
    }
}
