//! The registry file: the example loads and is the demo; every error names file, line, field.

use std::path::Path;

use aliyun_emulator::registry::{
    demo_registry, load_file, parse_registry, DeviceKey, Permission, DEMO_DEVICE_2_NAME,
    DEMO_DEVICE_2_SECRET, DEMO_DEVICE_NAME, DEMO_DEVICE_SECRET, DEMO_DYNREG_DEVICE_NAME,
    DEMO_PRODUCT_KEY, DEMO_PRODUCT_SECRET,
};

#[test]
fn the_example_file_loads_and_is_the_demo() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("registry.example.toml");
    let registry = load_file(&path).unwrap();
    assert_eq!(registry, demo_registry().unwrap());
    let product = registry.product(DEMO_PRODUCT_KEY).unwrap();
    assert_eq!(product.product_secret.as_deref(), Some(DEMO_PRODUCT_SECRET));
    assert!(product.dynamic_registration);
    let classes: Vec<(&str, Permission)> = product
        .topics
        .iter()
        .map(|t| (t.class.as_str(), t.permission))
        .collect();
    assert_eq!(
        classes,
        vec![
            (
                "/${productKey}/${deviceName}/user/get",
                Permission::Subscribe
            ),
            (
                "/${productKey}/${deviceName}/user/update",
                Permission::Publish
            ),
            (
                "/${productKey}/${deviceName}/user/update/error",
                Permission::Publish
            ),
            ("/${productKey}/${deviceName}/get", Permission::Subscribe),
            ("/${productKey}/${deviceName}/update", Permission::Publish),
        ]
    );
    let secret = |dn: &str| {
        registry
            .device(&DeviceKey::new(DEMO_PRODUCT_KEY, dn))
            .map(|d| d.device_secret.clone())
    };
    assert_eq!(
        secret(DEMO_DEVICE_NAME),
        Some(Some(DEMO_DEVICE_SECRET.to_string()))
    );
    assert_eq!(
        secret(DEMO_DEVICE_2_NAME),
        Some(Some(DEMO_DEVICE_2_SECRET.to_string()))
    );
    assert_eq!(secret(DEMO_DYNREG_DEVICE_NAME), Some(None));
}

#[test]
fn errors_name_the_line_and_the_field() {
    let cases = [
        (
            "[[product]]\nproduct_key = \"pk1\"\nproduct_key = \"pk2\"\n",
            "registry.toml:3: TOML syntax error at \"product_key\": duplicate key",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\n\n[[product.device]]\ndevice_name = \"dev-1\"\ndevice_secret = \"s\"\n\n[[product.device]]\ndevice_name = \"dev-1\"\ndevice_secret = \"t\"\n",
            "registry.toml:9: product.device.device_name: duplicate \"dev-1\"",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\n\n[[product]]\nproduct_key = \"pk1\"\n",
            "registry.toml:5: product.product_key: duplicate \"pk1\"",
        ),
        (
            "# comment\n[[product]]\nproduct_secret = \"x\"\n",
            "registry.toml:2: product.product_key: missing",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\ncolour = \"red\"\n",
            "registry.toml:3: product.colour: unknown field; expected one of: product_key, product_secret, dynamic_registration, edition, topic, device",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\n[[product.topic]]\nclass = \"/${productKey}/${deviceName}/user/get\"\npermission = \"read\"\n",
            "registry.toml:5: product.topic.permission: \"read\" is not one of \"publish\", \"subscribe\", \"all\"",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\n[[product.topic]]\npermission = \"all\"\n",
            "registry.toml:3: product.topic.class: missing",
        ),
        (
            "[product]\nproduct_key = \"pk1\"\n",
            "registry.toml:1: product: write each entry as [[product]] (an array of tables)",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\ndynamic_registration = \"yes\"\n",
            "registry.toml:3: product.dynamic_registration: expected true or false, found string",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\ndynamic_registration = true\n",
            "registry.toml:1: product.product_secret: required when dynamic_registration = true",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\n[[product.device]]\ndevice_name = \"dev-1\"\n",
            "registry.toml:3: product.device.device_secret: required unless the product has dynamic_registration = true",
        ),
        (
            "products = 1\n",
            "registry.toml:1: products: unknown field; expected one of: instance_id, product",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_registry(text, "registry.toml").unwrap_err();
        assert_eq!(error.to_string(), expected, "{text}");
    }
}

#[test]
fn topic_class_and_name_errors() {
    let class = |c: &str| {
        let text = format!(
            "[[product]]\nproduct_key = \"pk1\"\n[[product.topic]]\nclass = \"{c}\"\npermission = \"all\"\n"
        );
        parse_registry(&text, "r.toml").unwrap_err().to_string()
    };
    for (bad, why) in [
        (
            "/${productKey}/${deviceName}/user/#/x",
            "is not a valid topic",
        ),
        (
            "/${productKey}/${deviceName}/user/${x}",
            "unknown placeholder ${x}",
        ),
        ("/user/get", "must start with /${productKey}/${deviceName}/"),
    ] {
        let message = class(bad);
        assert!(
            message.starts_with("r.toml:4: product.topic.class: "),
            "{message}"
        );
        assert!(message.contains(why), "{message}");
    }
    let text = "[[product]]\nproduct_key = \"p-k\"\n";
    let message = parse_registry(text, "r.toml").unwrap_err().to_string();
    assert!(
        message.starts_with("r.toml:2: product.product_key: "),
        "{message}"
    );
    let text = "[[product]]\nproduct_key = \"pk\"\n[[product.device]]\ndevice_name = \"d\"\ndevice_secret = \"s\"\n";
    let message = parse_registry(text, "r.toml").unwrap_err().to_string();
    assert!(
        message.starts_with("r.toml:4: product.device.device_name: "),
        "{message}"
    );
}

#[test]
fn a_missing_file_is_named() {
    let error = load_file(Path::new("/nonexistent/registry.toml")).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("/nonexistent/registry.toml: cannot read"),
        "{message}"
    );
}

#[test]
fn instance_id_and_edition() {
    use aliyun_emulator::registry::DEMO_INSTANCE_ID;
    use mqtt_console::aliyun::InstanceEdition;
    let demo = aliyun_emulator::registry::demo_registry().unwrap();
    assert_eq!(demo.instance_id(), DEMO_INSTANCE_ID);
    assert_eq!(
        demo.product("a1MqttDemo1").unwrap().edition,
        InstanceEdition::Enterprise
    );
    let text = "instance_id = \"iot-0123456789ab\"\n[[product]]\nproduct_key = \"pk1\"\nedition = \"public\"\n";
    let registry = parse_registry(text, "registry.toml").unwrap();
    assert_eq!(registry.instance_id(), "iot-0123456789ab");
    assert_eq!(
        registry.product("pk1").unwrap().edition,
        InstanceEdition::Public
    );
    let cases = [
        (
            "instance_id = \"iot/1\"\n",
            "registry.toml:1: instance_id: \"iot/1\" contains '/'; an instance id uses letters, digits and - only",
        ),
        (
            "[[product]]\nproduct_key = \"pk1\"\nedition = \"basic\"\n",
            "registry.toml:3: product.edition: \"basic\" is not \"enterprise\" or \"public\"",
        ),
    ];
    for (text, expected) in cases {
        let error = parse_registry(text, "registry.toml").unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}
