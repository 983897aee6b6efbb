//! The marketplace over TLS (R-SYNC-5, and the issue's "TLS only beyond loopback, with a
//! certificate the laptop pins at enrolment"): TLS is forced on 127.0.0.1 here, so that the
//! tests reach nothing but this computer.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use koogallery_core::orders::Services;
use koogallery_core::roles::{self, RoleChoice};
use koogallery_core::supervision::{Action, Delivery, Upload};
use koogallery_core::sync::{self, CallError, Marketplace, PushRequest};
use koogallery_core::{demo, Store};
use koogallery_server::client::Http;
use koogallery_server::serve::{serve, Listening, Transport};
use koogallery_server::tls;

/// A marketplace with the demo store, in a folder of its own.
fn marketplace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("marketplace.db");
    let mut store = Store::open(&path).unwrap();
    demo::reset_at(&mut store, chrono::Utc::now()).unwrap();
    roles::switch(&mut store, &RoleChoice::OperationsManager).unwrap();
    (dir, path)
}

/// A code for the demo's dolphin-data, whose order 1 waits on its delivery.
fn code(path: &Path) -> String {
    sync::issue_code(&mut Store::open(path).unwrap(), &Services::system(), "dolphin-data").unwrap().code
}

/// Serves `path` on a free port of loopback for the test's life.
fn served(path: &Path, tls: bool) -> Listening {
    let store = Store::open(path).unwrap();
    let listen: SocketAddr = "127.0.0.1:0".parse().unwrap();
    let transport = Transport::for_listen(path, listen, tls).unwrap();
    let (tell, told) = mpsc::channel::<Listening>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime
            .block_on(serve(store, listen, transport, move |listening| tell.send(listening.clone()).unwrap()))
            .unwrap();
    });
    told.recv().unwrap()
}

fn devices(path: &Path) -> i64 {
    Store::open(path).unwrap().conn().query_row("SELECT count(*) FROM seller_devices", [], |r| r.get(0)).unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, CallError>) -> (String, String) {
    match result {
        Err(CallError::Refused { code, message }) => (code, message),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn a_laptop_that_pinned_the_certificate_enrols_delivers_and_syncs_over_tls() {
    let (dir, market) = marketplace();
    let code = code(&market);
    let listening = served(&market, true);
    assert!(listening.address.starts_with("https://127.0.0.1:"), "{listening:?}");
    let fingerprint = listening.fingerprint.clone().expect("a TLS server names its certificate");
    let kept = std::fs::read_to_string(tls::files(&market).0).unwrap();
    assert!(kept.starts_with("-----BEGIN CERTIFICATE-----"), "the certificate is kept beside the data file");
    let served_at = sync::served_at(Store::open(&market).unwrap().conn()).unwrap().unwrap();
    assert_eq!(
        (served_at.address.as_str(), served_at.fingerprint.as_deref()),
        (listening.address.as_str(), Some(fingerprint.as_str()))
    );

    // The fingerprint as someone might type it: lower case, without colons.
    let typed = fingerprint.replace(':', "").to_lowercase();
    let http = Http::new(&listening.address, Some(&typed)).unwrap();
    let mut laptop = Store::open(&dir.path().join("laptop.db")).unwrap();
    let services = Services::system();
    let link =
        sync::connect(&mut laptop, &services, &http, &listening.address, http.fingerprint(), &code, "Field laptop")
            .unwrap();
    assert_eq!(link.fingerprint.as_deref(), Some(fingerprint.as_str()), "kept as shown");
    let first = sync::sync_once(&mut laptop, &services, &http).unwrap();
    assert!(first.pulled >= 1, "{first:?}");

    let proof = Upload::from_bytes("sow.pdf", b"%PDF-1.4\n% delivered over TLS\n%%EOF\n");
    let delivery = Delivery { remark: Some("Installed".into()), proof: vec![proof], enabled_at: None, app: None };
    sync::laptop::act(&mut laptop, &services, 1, None, Action::Deliver(delivery)).unwrap();
    let round = sync::sync_once(&mut laptop, &services, &http).unwrap();
    assert_eq!((round.applied, round.waiting, round.unreachable.as_deref()), (1, 0, None), "{round:?}");
}

#[test]
fn another_certificate_is_refused_before_anything_is_sent() {
    let (_dir, market) = marketplace();
    let code = code(&market);
    let listening = served(&market, true);
    let right = listening.fingerprint.clone().unwrap();
    let wrong = tls::fingerprint(b"the certificate of someone in between");

    let impostor = Http::new(&listening.address, Some(&wrong)).unwrap();
    let (what, message) = refused(impostor.enrol(&code, "Field laptop"));
    assert_eq!(what, "unauthenticated");
    assert!(message.contains("is not the one pinned at enrolment"), "{message}");
    assert!(message.contains(&right) && message.contains(&wrong), "names both certificates: {message}");
    let (what, _) = refused(impostor.push("kgd_a-token", &PushRequest { operations: vec![] }));
    assert_eq!(what, "unauthenticated", "no call gets through, with a token or without");
    assert_eq!(devices(&market), 0, "the marketplace saw no enrolment");

    // The code was not used: the laptop with the right pin enrols with it.
    let http = Http::new(&listening.address, Some(&right)).unwrap();
    assert_eq!(http.enrol(&code, "Field laptop").unwrap().seller.id, "dolphin-data");
    assert_eq!(devices(&market), 1);
}

#[test]
fn a_token_never_goes_where_no_certificate_is_pinned() {
    let fingerprint = tls::fingerprint(b"a certificate");
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("https://127.0.0.1:8765", None, "give its certificate's fingerprint"),
        ("https://127.0.0.1:8765", Some("AB:CD"), "is not a certificate's fingerprint"),
        ("http://192.0.2.7:8765", None, "in the clear"),
        ("http://127.0.0.1:8765", Some(&fingerprint), "shows no certificate to pin"),
        ("ftp://127.0.0.1:8765", None, "not ftp://"),
        ("127.0.0.1:8765", None, "is not a marketplace's address"),
    ];
    for (address, pin, says) in cases {
        let (what, message) = refused(Http::new(address, *pin).map(|_| ()));
        assert_eq!(what, "invalid_input", "{address}");
        assert!(message.contains(says), "{address}: {message}");
    }
    assert!(Http::new("http://127.0.0.1:8765", None).is_ok(), "plain HTTP on this computer");
    assert!(Http::new("http://localhost:8765", None).is_ok());
    assert!(Http::new("http://[::1]:8765", None).is_ok());
}

#[test]
fn the_certificate_is_made_once_with_a_private_key_and_kept_across_restarts() {
    let (_dir, market) = marketplace();
    let (cert_file, key_file) = tls::files(&market);
    assert!(!cert_file.exists());
    let first = served(&market, true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the owner may read the key");
    }
    let made = std::fs::read(&cert_file).unwrap();
    let fingerprint = first.fingerprint.clone().unwrap();
    assert_eq!(fingerprint, tls::fingerprint(&pem_der(&made)), "the SHA-256 of the certificate's DER");

    // Started again: the same certificate, which a laptop pinned before still trusts.
    let again = served(&market, true);
    assert_ne!(again.bound, first.bound);
    assert_eq!(again.fingerprint.as_deref(), Some(fingerprint.as_str()));
    assert_eq!(std::fs::read(&cert_file).unwrap(), made);
    let http = Http::new(&again.address, Some(&fingerprint)).unwrap();
    http.enrol(&code(&market), "Field laptop").unwrap();

    // Beyond loopback TLS is not a choice; served in the clear, no fingerprint is given.
    let beyond: SocketAddr = "192.0.2.7:8765".parse().unwrap();
    let transport = Transport::for_listen(&market, beyond, false).unwrap();
    assert!(matches!(transport, Transport::Https(_)), "{transport:?}");
    let store = Store::open(&market).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let clear = runtime.block_on(serve(store, beyond, Transport::Http, |_| panic!("never listens"))).unwrap_err();
    assert!(clear.to_string().contains("TLS only"), "{clear}");
    let plain = served(&market, false);
    assert!(plain.address.starts_with("http://127.0.0.1:") && plain.fingerprint.is_none(), "{plain:?}");
    let served_at = sync::served_at(Store::open(&market).unwrap().conn()).unwrap().unwrap();
    assert_eq!(served_at.fingerprint, None, "enrolment gives no fingerprint of a server that shows none");

    // A certificate without its key is not replaced behind the laptops' back.
    std::fs::remove_file(&key_file).unwrap();
    let missing = Transport::for_listen(&market, "127.0.0.1:0".parse().unwrap(), true).unwrap_err();
    assert!(missing.to_string().contains("has no key"), "{missing}");
    assert_eq!(std::fs::read(&cert_file).unwrap(), made);
}

/// The DER inside a PEM certificate.
fn pem_der(pem: &[u8]) -> Vec<u8> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::from_pem_slice(pem).unwrap().to_vec()
}
