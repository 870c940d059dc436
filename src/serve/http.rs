//! Answering requests: the site's files under the base path, the pages of
//! the latest data from memory, the error page in place of pages while
//! the inputs have errors, the last good site under
//! `__chiso/last-good/`, and the live-reload script and event stream under
//! `__chiso/`. Nothing outside the site is served: a path with `..` (also
//! percent-encoded) is refused, and so is a file whose real path, links
//! followed, is not inside the output folder.

use super::error_page;
use super::reload;
use super::Shared;
use std::io::Read;
use std::path::{Path, PathBuf};
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The prefix of the server's own addresses; the site never writes it.
const OWN: &str = "__chiso/";
const LAST_GOOD: &str = "__chiso/last-good/";

/// Answers requests until the server is dropped, each on its own thread
/// (an event stream lasts as long as its page is open).
pub fn serve(server: tiny_http::Server, shared: std::sync::Arc<Shared>) {
    for request in server.incoming_requests() {
        let shared = shared.clone();
        let spawned = std::thread::Builder::new()
            .name("chiso-request".into())
            .spawn(move || handle(request, &shared));
        if let Err(e) = spawned {
            eprintln!("chiso: cannot answer a request: {e}");
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    // Only ever called with ASCII names and values made here.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
}

fn respond(request: Request, status: u16, kind: &str, body: Vec<u8>) {
    let response = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"));
    // A client that went away mid-response is no concern of the server.
    let _ = request.respond(response);
}

fn text(request: Request, status: u16, message: &str) {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    );
}

fn redirect(request: Request, to: &str) {
    let response = Response::empty(StatusCode(302))
        .with_header(header("Location", to))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

/// The content type of a site file, by its name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("sqlite" | "db") => "application/vnd.sqlite3",
        Some("pdf") => "application/pdf",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("zip") => "application/zip",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ if path.ends_with("SHA256SUMS") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; None when they do not make UTF-8 or are cut.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The site path a request's path names, below the base path: decoded,
/// `index.html` added to a folder. Err(status) when it is refused.
pub fn site_path(decoded: &str) -> Result<String, u16> {
    let mut parts = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            ".." | "." => return Err(403),
            "" => {}
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return Err(403),
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

/// A file of the site on disk: Err(403) when its real path leads out of
/// the output folder, Err(404) when there is none.
fn on_disk(out: &Path, path: &str) -> Result<PathBuf, u16> {
    let root = out.canonicalize().map_err(|_| 404u16)?;
    let real = root.join(path).canonicalize().map_err(|_| 404u16)?;
    if !real.starts_with(&root) {
        return Err(403);
    }
    Ok(real)
}

fn handle(request: Request, shared: &Shared) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(request, 405, "405: only GET and HEAD");
    }
    let url = request.url().to_string();
    let raw = url.split(['?', '#']).next().unwrap_or_default();
    let Some(decoded) = percent_decode(raw) else {
        return text(request, 400, "400: a malformed address");
    };
    let base = shared.base.as_str();
    if decoded.len() + 1 == base.len() && base.starts_with(&decoded) {
        return redirect(request, base);
    }
    let Some(rest) = decoded.strip_prefix(base) else {
        return text(
            request,
            404,
            &format!("404: the site is served under {base}"),
        );
    };
    if rest == "__chiso/reload.js" {
        return respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            reload::SCRIPT.as_bytes().to_vec(),
        );
    }
    if rest == "__chiso/events" {
        let writer = request.into_writer();
        return reload::stream(writer, &shared.generation);
    }
    let (rest, last_good) = match rest.strip_prefix(LAST_GOOD) {
        Some(inner) => (inner, true),
        None => (rest, false),
    };
    if !last_good && rest.starts_with(OWN) {
        return text(request, 404, "404: no such address");
    }
    let path = match site_path(rest) {
        Ok(p) => p,
        Err(status) => return text(request, status, "403: outside the site"),
    };
    let generation = shared.generation.get();
    let (preview, problem) = shared.snapshot();
    let page = path.ends_with(".html");
    if !last_good {
        if let (Some(problem), true) = (&problem, page) {
            let good = on_disk(&shared.out, &path)
                .is_ok()
                .then(|| format!("{base}{LAST_GOOD}{path}"));
            let html = error_page::render(problem, good.as_deref());
            let html = reload::inject(html.into_bytes(), base, generation);
            return respond(request, 500, "text/html; charset=utf-8", html);
        }
        if let Some(preview) = &preview {
            match preview.render(&path) {
                Some(Ok(html)) => {
                    let html = reload::inject(html, base, generation);
                    return respond(request, 200, "text/html; charset=utf-8", html);
                }
                Some(Err(e)) => {
                    let problem = error_page::Problem::Other(e);
                    let html = error_page::render(&problem, None);
                    let html = reload::inject(html.into_bytes(), base, generation);
                    return respond(request, 500, "text/html; charset=utf-8", html);
                }
                None => {}
            }
            if !rest.is_empty()
                && !rest.ends_with('/')
                && preview.has(&format!("{path}/index.html"))
            {
                return redirect(request, &format!("{base}{rest}/"));
            }
        }
    }
    let file = match on_disk(&shared.out, &path) {
        // The output is swapped for the new site by two renames: a request
        // between them finds nothing for a moment.
        Err(404) if !shared.out.exists() => {
            std::thread::sleep(std::time::Duration::from_millis(50));
            on_disk(&shared.out, &path)
        }
        other => other,
    };
    match file {
        Ok(file) if file.is_dir() => {
            let prefix = if last_good { LAST_GOOD } else { "" };
            redirect(request, &format!("{base}{prefix}{rest}/"))
        }
        Ok(file) => send_file(request, &file, &path, base, generation),
        Err(403) => text(request, 403, "403: outside the site"),
        Err(_) => not_found(request, shared, preview.as_deref(), base, generation),
    }
}

fn send_file(request: Request, file: &Path, path: &str, base: &str, generation: u64) {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        let mut html = Vec::new();
        match std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut html)) {
            Ok(_) => respond(request, 200, kind, reload::inject(html, base, generation)),
            Err(_) => text(request, 404, "404: no such page"),
        }
        return;
    }
    match std::fs::File::open(file) {
        Ok(f) => {
            let response = Response::from_file(f)
                .with_header(header("Content-Type", kind))
                .with_header(header("Cache-Control", "no-store"));
            let _ = request.respond(response);
        }
        Err(_) => text(request, 404, "404: no such file"),
    }
}

/// The site's own 404 page, or a line of text when there is none.
fn not_found(
    request: Request,
    shared: &Shared,
    preview: Option<&super::preview::Preview>,
    base: &str,
    generation: u64,
) {
    let page = match preview.and_then(|p| p.render("404.html")) {
        Some(Ok(html)) => Some(html),
        _ => on_disk(&shared.out, "404.html")
            .ok()
            .and_then(|p| std::fs::read(p).ok()),
    };
    match page {
        Some(html) => respond(
            request,
            404,
            "text/html; charset=utf-8",
            reload::inject(html, base, generation),
        ),
        None => text(request, 404, "404: no such file"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_refuse_parent_segments_and_name_folder_indexes() {
        assert_eq!(site_path(""), Ok("index.html".into()));
        assert_eq!(site_path("2025/"), Ok("2025/index.html".into()));
        assert_eq!(site_path("don-vi/a.html"), Ok("don-vi/a.html".into()));
        assert_eq!(site_path("a//b.html"), Ok("a/b.html".into()));
        assert_eq!(site_path("../etc/passwd"), Err(403));
        assert_eq!(site_path("a/../../x"), Err(403));
        assert_eq!(site_path("a\\..\\x"), Err(403));
        assert_eq!(percent_decode("%2e%2e/x").as_deref(), Some("../x"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%e1"), None);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("du-lieu/x.CSV"), "text/csv; charset=utf-8");
        assert_eq!(content_type("SHA256SUMS"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
