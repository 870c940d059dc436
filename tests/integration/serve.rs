//! `chiso serve` as a browser sees it: a server on a free port of
//! 127.0.0.1 over a copy of the valid fixture, spoken to over plain TCP.
//! Waits are generous (a busy two-core machine builds slowly), and every
//! wait polls, so a fast machine does not wait long.

use super::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(60);

struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    address: String,
    dir: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("serve.log")).unwrap_or_default()
    }

    fn get(&self, path: &str) -> Reply {
        get(&self.address, path)
    }

    /// Waits until the page at `path` passes `ok`; the last reply if never.
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(path);
            if ok(&reply) {
                return reply;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{path}: never {what}; last reply {} {}\nserver log:\n{}",
                reply.status,
                reply.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the output folder holds the site (the first build has
    /// been written).
    fn wait_written(&self) {
        let start = Instant::now();
        while !self.out().join(".chiso-site").is_file() {
            assert!(start.elapsed() < PATIENCE, "never written:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Serves a copy of the valid fixture; `args` are added to the command.
fn serve(args: &[&str]) -> Served {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo("tests/fixtures/valid"), &dir.path().join("data"));
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("chiso"))
        .current_dir(dir.path())
        .args(["serve", "--data", "data", "--out", "public", "--port", "0"])
        .args(["--templates", "templates"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(PATIENCE).unwrap_or_default();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Served {
        child,
        address,
        dir,
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn connect(address: &str) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// One GET, the path sent exactly as given.
fn get(address: &str, path: &str) -> Reply {
    let mut stream = connect(address);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// An open event stream: the reload events as they come.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(address: &str) -> Events {
        let mut stream = connect(address);
        write!(
            stream,
            "GET /__chiso/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// The data of the next reload event, None when none comes within
    /// `wait`.
    fn next(&mut self, wait: Duration) -> Option<String> {
        self.0.get_ref().set_read_timeout(Some(wait)).unwrap();
        let until = Instant::now() + wait;
        let mut line = String::new();
        while Instant::now() < until {
            line.clear();
            match self.0.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) => {
                    if let Some(data) = line.strip_prefix("data: ") {
                        return Some(data.trim().to_string());
                    }
                }
                Err(_) => return None,
            }
        }
        None
    }
}

#[test]
fn serve_page_carries_the_reload_script_and_the_file_on_disk_does_not() {
    let served = serve(&[]);
    let page = served.get("/don-vi/xa-a.html");
    assert_eq!(page.status, 200, "{}", served.log());
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.body.contains("88,00"), "{}", page.body);
    assert!(
        page.body.contains("src=\"/__chiso/reload.js\""),
        "{}",
        page.body
    );
    served.wait_written();
    let on_disk = std::fs::read_to_string(served.out().join("don-vi/xa-a.html")).unwrap();
    assert!(on_disk.contains("88,00"));
    assert!(!on_disk.contains("__chiso"), "{on_disk}");
    let css = served.get("/assets/site.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    let script = served.get("/__chiso/reload.js");
    assert_eq!(
        script.header("Content-Type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("EventSource"));
    // A folder without its slash would break the page's relative links.
    let folder = served.get("/2021/xa");
    assert_eq!(folder.status / 100, 3);
    assert_eq!(folder.header("Location"), Some("/2021/xa/"));
    assert_eq!(served.get("/2021/xa/").status, 200);
    assert_eq!(served.get("/khong-co.html").status, 404);
}

#[test]
fn serve_under_a_base_path_serves_only_below_it() {
    let served = serve(&["--base-path", "/cchc"]);
    let page = served.get("/cchc/don-vi/xa-a.html");
    assert_eq!(page.status, 200, "{}", served.log());
    assert!(page.body.contains("src=\"/cchc/__chiso/reload.js\""));
    assert!(page.body.contains("href=\"../assets/site.css\""));
    served.wait_written();
    assert_eq!(served.get("/cchc/assets/site.css").status, 200);
    assert_eq!(served.get("/don-vi/xa-a.html").status, 404);
    assert_eq!(served.get("/cchc").header("Location"), Some("/cchc/"));
}

#[test]
fn serve_refuses_paths_outside_the_site() {
    let served = serve(&[]);
    served.wait_written();
    std::fs::write(served.dir.path().join("secret.txt"), "root:x:0:0").unwrap();
    for path in [
        "/../secret.txt",
        "/don-vi/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/don-vi/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/__chiso/last-good/../secret.txt",
        "/__chiso/last-good/%2e%2e/secret.txt",
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 403, "{path}: {reply:?}");
        assert!(!reply.body.contains("root:x"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn serve_refuses_a_symlink_out_of_the_site() {
    let served = serve(&[]);
    served.wait_written();
    let outside = served.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "root:x:0:0").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), served.out().join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(&outside, served.out().join("leak")).unwrap();
    for path in [
        "/leak.txt",
        "/leak/secret.txt",
        "/__chiso/last-good/leak.txt",
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 403, "{path}: {reply:?}");
        assert!(!reply.body.contains("root:x"), "{path}");
    }
}

/// xa-a's score for criterion 2 from 25 to 24: its index 88 becomes 87.
/// The scores are saved as an editor does, a new file renamed over the
/// old one; the published figures in place.
fn lower_xa_a(data: &Path) {
    let edition = data.join("editions/2021");
    let scores = std::fs::read_to_string(edition.join("scores.csv")).unwrap();
    assert!(scores.contains("xa-a,2,25,"));
    let temporary = edition.join("scores.csv.tmp");
    std::fs::write(&temporary, scores.replace("xa-a,2,25,", "xa-a,2,24,")).unwrap();
    std::fs::rename(&temporary, edition.join("scores.csv")).unwrap();
    edit_file(&edition.join("published.csv"), |text| {
        text.replace("xa-a,88,100,88,2,", "xa-a,87,100,87,2,")
    });
}

#[test]
fn serve_rebuilds_and_reloads_when_a_score_is_edited() {
    let served = serve(&[]);
    served.wait_written();
    let mut events = Events::open(&served.address);
    let first = events.next(PATIENCE).expect("the generation at connection");
    lower_xa_a(&served.data());
    let next = events
        .next(PATIENCE)
        .expect("a reload event after the edit");
    assert_ne!(next, first);
    let page = served.wait_for("/don-vi/xa-a.html", "showed 87,00", |r| {
        r.status == 200 && r.body.contains("87,00")
    });
    assert!(!page.body.contains("88,00"), "{}", page.body);
    // The site on disk follows, exactly as `chiso build` writes it.
    let start = Instant::now();
    let disk = served.out().join("don-vi/xa-a.html");
    while !std::fs::read_to_string(&disk)
        .unwrap_or_default()
        .contains("87,00")
    {
        assert!(
            start.elapsed() < PATIENCE,
            "disk never updated:\n{}",
            served.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!std::fs::read_to_string(&disk).unwrap().contains("__chiso"));
}

#[test]
fn serve_shows_data_errors_in_place_of_pages_and_keeps_the_last_good_site() {
    let served = serve(&[]);
    served.wait_written();
    let scores = served.data().join("editions/2021/scores.csv");
    // Line 5, column 3: criterion 2 of xa-a, whose maximum is 30.
    edit_file(&scores, |t| t.replace("xa-a,2,25,", "xa-a,2,<b>35,"));
    let error = served.wait_for("/don-vi/xa-a.html", "showed the error page", |r| {
        r.status == 500
    });
    assert_eq!(
        error.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        error.body.contains("scores.csv:5:3"),
        "no file:line:col in {}",
        error.body
    );
    assert!(error.body.contains("Tìm thấy"), "{}", error.body);
    assert!(error.body.contains("&lt;b&gt;35"), "{}", error.body);
    assert!(!error.body.contains("<b>35"), "{}", error.body);
    assert!(error.body.contains("__chiso/reload.js"));
    let link = "/__chiso/last-good/don-vi/xa-a.html";
    assert!(
        error.body.contains(&format!("href=\"{link}\"")),
        "{}",
        error.body
    );
    let good = served.get(link);
    assert_eq!(good.status, 200);
    assert!(good.body.contains("88,00"));
    // Its links are relative: the rest of the last good site is there too.
    assert_eq!(served.get("/__chiso/last-good/assets/site.css").status, 200);
    assert_eq!(
        served.get("/__chiso/last-good/2021/xa/index.html").status,
        200
    );
    // The build kept the previous site.
    assert!(
        std::fs::read_to_string(served.out().join("don-vi/xa-a.html"))
            .unwrap()
            .contains("88,00")
    );

    edit_file(&scores, |t| t.replace("xa-a,2,<b>35,", "xa-a,2,25,"));
    served.wait_for("/don-vi/xa-a.html", "came back", |r| {
        r.status == 200 && r.body.contains("88,00")
    });
}

#[test]
fn serve_ignores_office_lock_files_beside_the_data() {
    let served = serve(&[]);
    served.wait_written();
    let mut events = Events::open(&served.address);
    let first = events.next(PATIENCE).expect("the generation at connection");
    let edition = served.data().join("editions/2021");
    std::fs::write(edition.join("~$scores.xlsx"), b"\x00owner").unwrap();
    std::fs::write(served.data().join("~$units.xlsx"), b"\x00owner").unwrap();
    std::fs::write(edition.join(".~lock.scores.xlsx#"), b"lock").unwrap();
    let after = events.next(Duration::from_secs(3));
    assert_eq!(
        after,
        None,
        "a lock file started a rebuild:\n{}",
        served.log()
    );
    assert!(!served.log().contains("change(s) seen"), "{}", served.log());
    // A real change still does.
    lower_xa_a(&served.data());
    let next = events
        .next(PATIENCE)
        .expect("a reload event after the edit");
    assert_ne!(next, first);
}

#[test]
fn serve_survives_clients_that_disconnect_mid_response() {
    let served = serve(&[]);
    served.wait_written();
    // A file far larger than the socket's buffers, so that the server is
    // still writing when the client goes.
    std::fs::write(served.out().join("big.csv"), vec![b'x'; 32 << 20]).unwrap();
    let path = "/big.csv".to_string();
    for round in 0..20 {
        let mut stream = connect(&served.address);
        let target = if round % 2 == 0 {
            path.as_str()
        } else {
            "/don-vi/xa-a.html"
        };
        write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut some = [0u8; 16];
        let _ = stream.read(&mut some);
        // Closed with unread data: the server's next writes fail.
        drop(stream);
    }
    let full = served.get(&path);
    assert_eq!(full.status, 200);
    assert!(full.body.len() >= 32 << 20);
    let mut listening = Events::open(&served.address);
    let first = listening
        .next(PATIENCE)
        .expect("the generation at connection");
    for _ in 0..5 {
        let mut events = Events::open(&served.address);
        events.next(PATIENCE);
        drop(events);
    }
    // A rebuild: its reload event goes to streams whose pages are gone.
    lower_xa_a(&served.data());
    assert_ne!(listening.next(PATIENCE), Some(first));
    // A request cut before its end.
    let mut stream = connect(&served.address);
    stream.write_all(b"GET /don-vi/xa-a.html HTT").unwrap();
    drop(stream);
    std::thread::sleep(Duration::from_millis(200));
    let page = served.get("/don-vi/xa-a.html");
    assert_eq!(page.status, 200, "{}", served.log());
}
