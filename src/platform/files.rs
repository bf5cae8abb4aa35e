//! Reading files the user chose in an `<input type="file">`.

/// The chosen files' names and bytes, in the order given; `None` when the browser could not
/// read one of them (it was moved or deleted after being chosen).
pub async fn read_all(files: web_sys::FileList) -> Option<Vec<(String, Vec<u8>)>> {
    let mut read = Vec::new();
    for i in 0..files.length() {
        let file = files.get(i)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .ok()?;
        read.push((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()));
    }
    Some(read)
}
