//! Live reload: every open page listens to a stream of server-sent events
//! and reloads itself when the site's generation is no longer the one it
//! was served at. The generation is sent as soon as a page connects, so a
//! rebuild that finished between serving a page and its connecting is not
//! missed. Only served pages carry the script; the files on disk do not.

use std::io::Write;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The script served pages load (`data-gen`, `data-events` set on its tag).
pub const SCRIPT: &str = r#"(function () {
  var me = document.currentScript;
  if (!me || !window.EventSource) return;
  var gen = me.getAttribute("data-gen");
  var events = new EventSource(me.getAttribute("data-events"));
  events.addEventListener("reload", function (e) {
    if (e.data !== gen) {
      events.close();
      location.reload();
    }
  });
})();
"#;

/// How often an idle stream gets a comment line: a client gone away is
/// noticed on the next write, which ends its thread.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The site's generation, a new number after each rebuild or failure.
pub struct Generation {
    value: Mutex<u64>,
    changed: Condvar,
}

impl Generation {
    /// Starts from the clock, so that a page left open across a restart
    /// of the server does not take the new server's count for its own.
    pub fn new() -> Generation {
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_millis() as u64);
        Generation {
            value: Mutex::new(start),
            changed: Condvar::new(),
        }
    }

    pub fn get(&self) -> u64 {
        *self.value.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn bump(&self) -> u64 {
        let mut value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        *value += 1;
        self.changed.notify_all();
        *value
    }

    /// Waits until the generation is no longer `seen`, at most `timeout`.
    fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let value = self.value.lock().unwrap_or_else(|e| e.into_inner());
        let (value, _) = self
            .changed
            .wait_timeout_while(value, timeout, |v| *v == seen)
            .unwrap_or_else(|e| e.into_inner());
        *value
    }
}

impl Default for Generation {
    fn default() -> Self {
        Generation::new()
    }
}

/// Writes the event stream to `out` (the raw connection: tiny_http's own
/// chunked responses buffer 8 KB and would deliver nothing) until the
/// client goes away.
pub fn stream(mut out: Box<dyn Write + Send>, generation: &Generation) {
    let head = "HTTP/1.1 200 OK\r\n\
        Content-Type: text/event-stream; charset=utf-8\r\n\
        Cache-Control: no-store\r\n\
        Connection: close\r\n\r\n\
        retry: 1000\n\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut sent = None;
    loop {
        let now = match sent {
            None => generation.get(),
            Some(seen) => generation.wait_past(seen, KEEP_ALIVE),
        };
        let text = if sent == Some(now) {
            ": still here\n\n".to_string()
        } else {
            format!("event: reload\ndata: {now}\n\n")
        };
        if out
            .write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        sent = Some(now);
    }
}

/// `html` with the reload script's tag added at its end (the site's pages
/// leave out `</body>`, which HTML allows; a tag after the last content is
/// inside the body either way).
pub fn inject(mut html: Vec<u8>, base: &str, generation: u64) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base}__chiso/reload.js\" data-gen=\"{generation}\" data-events=\"{base}__chiso/events\" defer></script>"
    );
    let tail = html.len().saturating_sub(32);
    let at = ["</body>", "</html>"]
        .iter()
        .find_map(|end| find(&html[tail..], end.as_bytes()).map(|i| tail + i))
        .unwrap_or(html.len());
    html.splice(at..at, tag.into_bytes());
    html
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body_or_at_the_end() {
        let page = inject(b"<p>x</body></html>".to_vec(), "/x/", 7);
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<p>x<script src=\"/x/__chiso/reload.js\" data-gen=\"7\""));
        assert!(page.ends_with("</script></body></html>"));
        let page = String::from_utf8(inject(b"<p>x</footer>".to_vec(), "/", 1)).unwrap();
        assert!(page.starts_with("<p>x</footer><script"));
    }
}
