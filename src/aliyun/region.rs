//! Regions for the old public-instance host form `${ProductKey}.iot-as-mqtt.${RegionId}.aliyuncs.com`.

/// A region where Aliyun documents IoT Platform *public* instances; its display names live in
/// the i18n layer (`src/i18n`).
///
/// Only these regions, because the region is used for nothing but the public-instance host.
/// China (Beijing) and China (Shenzhen) offer Enterprise instances only, which are reached
/// through the host shown in their IoT Platform console (the host override), so listing them
/// here would produce a host that does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Region {
    /// `cn-shanghai`.
    Shanghai,
    /// `ap-southeast-1`.
    Singapore,
    /// `ap-northeast-1`.
    Tokyo,
    /// `us-west-1`.
    SiliconValley,
    /// `us-east-1`.
    Virginia,
    /// `eu-central-1`.
    Frankfurt,
}

impl Region {
    /// Every region, in the order of the form's `<select>`; the default first.
    pub const ALL: [Region; 6] = [
        Region::Shanghai,
        Region::Singapore,
        Region::Tokyo,
        Region::SiliconValley,
        Region::Virginia,
        Region::Frankfurt,
    ];

    /// The region id, as it appears in host names.
    pub const fn id(self) -> &'static str {
        match self {
            Region::Shanghai => "cn-shanghai",
            Region::Singapore => "ap-southeast-1",
            Region::Tokyo => "ap-northeast-1",
            Region::SiliconValley => "us-west-1",
            Region::Virginia => "us-east-1",
            Region::Frankfurt => "eu-central-1",
        }
    }

    /// The region with this id; `None` for an id not listed, which is still allowed (Aliyun may
    /// open regions after this list was written).
    pub fn from_id(id: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.id() == id)
    }
}

/// The region preselected for new devices: where most users' public instances live.
pub const DEFAULT_REGION: &str = Region::Shanghai.id();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_region_is_listed_first() {
        assert_eq!(Region::ALL[0].id(), DEFAULT_REGION);
        assert_eq!(Region::from_id(DEFAULT_REGION), Some(Region::Shanghai));
    }

    #[test]
    fn ids_are_unique_and_hostname_safe() {
        for (i, region) in Region::ALL.iter().enumerate() {
            let id = region.id();
            assert!(id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
            assert!(
                Region::ALL[i + 1..].iter().all(|other| other.id() != id),
                "{id} twice"
            );
            assert_eq!(Region::from_id(id), Some(*region));
        }
        assert_eq!(Region::from_id("xx-nowhere-1"), None);
    }
}
