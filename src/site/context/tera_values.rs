//! Page data moved into Tera's values without going through serde.

use serde_json::Value;

/// Moves a page's data into Tera's values. Data is built with `json!`
/// for readability; handing it to `Context::insert` would go through serde
/// and allocate every row's keys again, which at national scale cost more
/// than running the templates.
pub(super) trait Put {
    fn put(&mut self, key: &'static str, value: &Value);
    fn put_list(&mut self, key: &'static str, items: &[Value]);
}

impl Put for tera::Context {
    fn put(&mut self, key: &'static str, value: &Value) {
        self.insert_value(key, tera_value(value));
    }

    fn put_list(&mut self, key: &'static str, items: &[Value]) {
        self.insert_value(key, items.iter().map(tera_value).collect::<Vec<_>>().into());
    }
}

/// Tera's value for a JSON value, as serde would give it (numbers keep
/// their kind), with map keys interned: a page's keys are a few dozen
/// names, each made once per thread.
pub(super) fn tera_value(value: &Value) -> tera::Value {
    match value {
        Value::Null => tera::Value::none(),
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                u.into()
            } else if let Some(i) = n.as_i64() {
                i.into()
            } else {
                n.as_f64().unwrap_or_default().into()
            }
        }
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => items.iter().map(tera_value).collect::<Vec<_>>().into(),
        Value::Object(map) => {
            let mut out = tera::Map::with_capacity(map.len());
            for (key, item) in map {
                out.insert(tera::value::Key::Str(interned(key)), tera_value(item));
            }
            out.into()
        }
    }
}

fn interned(key: &str) -> &'static str {
    thread_local! {
        static KEYS: std::cell::RefCell<rustc_hash::FxHashMap<&'static str, ()>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    KEYS.with_borrow_mut(|keys| match keys.get_key_value(key) {
        Some((known, _)) => known,
        None => {
            // Bounded by the names the page builders use.
            let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
            keys.insert(leaked, ());
            leaked
        }
    })
}
