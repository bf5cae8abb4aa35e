//! The cloud's table of products and devices: what the IoT Platform console holds.
//!
//! It starts from a registry file, `--device` arguments or the built-in demo, and changes while
//! the emulator runs: dynamic registration issues secrets and tokens, and a first login
//! activates a device.

mod demo;
mod file;
mod names;
mod topic_class;

use std::collections::BTreeMap;
use std::fmt;

use mqtt_console::aliyun::{DeviceIdentity, InstanceEdition};

pub use demo::{
    demo_registry, parse_device_arg, DEMO_DEVICE_2_NAME, DEMO_DEVICE_2_SECRET, DEMO_DEVICE_NAME,
    DEMO_DEVICE_SECRET, DEMO_DYNREG_DEVICE_NAME, DEMO_INSTANCE_ID, DEMO_PRODUCT_KEY,
    DEMO_PRODUCT_SECRET,
};
pub use file::{load_file, parse_registry, RegistryError};
pub use names::{check_device_name, check_product_key, check_secret};
pub use topic_class::{Permission, TopicClass};

/// Names one device: ProductKey and DeviceName.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceKey {
    pub product_key: String,
    pub device_name: String,
}

impl DeviceKey {
    /// Builds a key from borrowed names.
    pub fn new(product_key: &str, device_name: &str) -> DeviceKey {
        DeviceKey {
            product_key: product_key.to_string(),
            device_name: device_name.to_string(),
        }
    }

    /// The core's identity of this device, which builds and recognises its topics.
    pub fn identity(&self) -> DeviceIdentity<'_> {
        DeviceIdentity::new(&self.product_key, &self.device_name)
    }
}

impl fmt::Display for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.product_key, self.device_name)
    }
}

/// One custom topic class of a product with its permission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRule {
    pub class: TopicClass,
    pub permission: Permission,
}

/// What a `regnwl` registration handed out: the device must come back with this client id
/// and token (`authType=connwl`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceToken {
    pub client_id: String,
    pub token: String,
}

/// One device of a product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub device_name: String,
    /// `None`: pre-registered for dynamic registration, no secret issued yet.
    pub device_secret: Option<String>,
    /// Set by the first successful login. Aliyun refuses to register an activated device again
    /// (it must be reset first), while an inactive one gets a fresh secret each time.
    pub activated: bool,
    /// Set by `regnwl` registration.
    pub token: Option<DeviceToken>,
}

impl Device {
    /// A device as a registry file or `--device` describes it: not activated, no token.
    pub fn new(device_name: &str, device_secret: Option<&str>) -> Device {
        Device {
            device_name: device_name.to_string(),
            device_secret: device_secret.map(str::to_string),
            activated: false,
            token: None,
        }
    }
}

/// One product: its secret for dynamic registration, its topic classes, its devices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Product {
    pub product_key: String,
    pub product_secret: Option<String>,
    pub dynamic_registration: bool,
    /// The instance the product lives in: the emulator's Enterprise Edition instance (the
    /// default, MQTT 3.1.1 and 5.0) or a public instance (MQTT 3.1.1 only).
    pub edition: InstanceEdition,
    pub topics: Vec<TopicRule>,
    pub devices: BTreeMap<String, Device>,
}

impl Product {
    /// An empty product with dynamic registration off.
    pub fn new(product_key: &str) -> Product {
        Product {
            product_key: product_key.to_string(),
            product_secret: None,
            dynamic_registration: false,
            edition: InstanceEdition::Enterprise,
            topics: Vec::new(),
            devices: BTreeMap::new(),
        }
    }
}

/// All products, by ProductKey, and the id of the instance the emulator plays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    products: BTreeMap<String, Product>,
    /// What `instanceId=` must say in a `securemode=-2` registration.
    instance_id: String,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry {
            products: BTreeMap::new(),
            instance_id: DEMO_INSTANCE_ID.to_string(),
        }
    }
}

impl Registry {
    /// An empty registry of the demo instance ([`DEMO_INSTANCE_ID`]).
    pub fn new() -> Registry {
        Registry::default()
    }

    /// The Enterprise Edition instance's id.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// Sets the instance id (the registry file's `instance_id`).
    pub fn set_instance_id(&mut self, id: &str) {
        self.instance_id = id.to_string();
    }

    /// Adds a product; `Err` names the duplicate ProductKey.
    pub fn add_product(&mut self, product: Product) -> Result<(), String> {
        if self.products.contains_key(&product.product_key) {
            return Err(format!("duplicate {:?}", product.product_key));
        }
        self.products.insert(product.product_key.clone(), product);
        Ok(())
    }

    /// Adds a device given as `--device ProductKey/DeviceName/DeviceSecret`. A new product gets
    /// one class `/${productKey}/${deviceName}/user/#` open both ways and no dynamic
    /// registration; an existing product (from a registry file) keeps its own classes.
    pub fn add_cli_device(&mut self, key: &DeviceKey, secret: &str) -> Result<(), String> {
        let product = self
            .products
            .entry(key.product_key.clone())
            .or_insert_with(|| {
                let mut product = Product::new(&key.product_key);
                if let Ok(class) =
                    TopicClass::parse("/${productKey}/${deviceName}/user/#", &key.product_key)
                {
                    product.topics.push(TopicRule {
                        class,
                        permission: Permission::All,
                    });
                }
                product
            });
        if product.devices.contains_key(&key.device_name) {
            return Err(format!("device {key} is given twice"));
        }
        product.devices.insert(
            key.device_name.clone(),
            Device::new(&key.device_name, Some(secret)),
        );
        Ok(())
    }

    /// The product with this key.
    pub fn product(&self, product_key: &str) -> Option<&Product> {
        self.products.get(product_key)
    }

    /// The product with this key, to change.
    pub fn product_mut(&mut self, product_key: &str) -> Option<&mut Product> {
        self.products.get_mut(product_key)
    }

    /// The device with this key.
    pub fn device(&self, key: &DeviceKey) -> Option<&Device> {
        self.products
            .get(&key.product_key)?
            .devices
            .get(&key.device_name)
    }

    /// The device with this key, to change.
    pub fn device_mut(&mut self, key: &DeviceKey) -> Option<&mut Device> {
        self.products
            .get_mut(&key.product_key)?
            .devices
            .get_mut(&key.device_name)
    }

    /// Every product, ordered by ProductKey.
    pub fn products(&self) -> impl Iterator<Item = &Product> {
        self.products.values()
    }

    /// Every device, ordered by ProductKey then DeviceName.
    pub fn device_keys(&self) -> Vec<DeviceKey> {
        self.products
            .values()
            .flat_map(|p| {
                p.devices
                    .keys()
                    .map(|dn| DeviceKey::new(&p.product_key, dn))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_devices_create_their_product_once() {
        let mut registry = Registry::new();
        registry
            .add_cli_device(&DeviceKey::new("pk1", "dev1"), "s1")
            .unwrap();
        registry
            .add_cli_device(&DeviceKey::new("pk1", "dev2"), "s2")
            .unwrap();
        let product = registry.product("pk1").unwrap();
        assert_eq!(product.devices.len(), 2);
        assert_eq!(product.topics.len(), 1);
        assert!(!product.dynamic_registration);
        assert_eq!(
            product.topics[0].class.as_str(),
            "/${productKey}/${deviceName}/user/#"
        );
        let again = registry.add_cli_device(&DeviceKey::new("pk1", "dev1"), "s3");
        assert!(again.unwrap_err().contains("twice"));
        assert_eq!(registry.device_keys().len(), 2);
    }
}
