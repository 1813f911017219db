//! Decision links: the round trip, the size contracts, golden links that must open identically
//! forever, and every kind of bad link, in both formats (1: no kinds of the document's own;
//! 2: with them).

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use expect_test::expect;
use overhead_core::analysis::analyse;
use overhead_core::edit::ContextNumber;
use overhead_core::link::{self, LinkError};
use overhead_core::model::{
    Alternative, Bounds, ComponentUse, Context, Count, CustomKind, Decision, Edge, FigureName,
    Fleet, KindRequirement, PerWhat, Provider, Ranges, Relation, Scope, Shared, Status, Team,
    Workload,
};
use overhead_core::{catalog, sample, scenario};
use proptest::prelude::*;

fn landing() -> Decision {
    scenario::landing().unwrap()
}

/// The landing scenario after a few edits of a design discussion.
fn edited_landing() -> Decision {
    let mut d = landing();
    d.context.fleet.servers = 40;
    d.context.fleet.elastic = true;
    d.context.team.hourly_cost = 92.5;
    d.status = Status::Accepted;
    d.chosen = Some("init-system".into());
    d.rationale = "Fixed fleet, stateful data: Kubernetes adds two components for no gain. «Revisit» if we go elastic <img src=x onerror=alert(1)>.".into();
    d
}

/// The landing scenario plus 100 generated components (acyclic since the generator was fixed;
/// the golden `hundred-components-acyclic` holds it).
fn hundred_components() -> Decision {
    let mut d = landing();
    d.title = "A hundred components".into();
    d.options.push(sample::generated_option(100, 7).into());
    d
}

/// The landing scenario with a third option that runs the storage daemons under an operator,
/// a kind the catalog lacks, which itself requires another kind the document defines.
fn custom_kinds() -> Decision {
    let mut d = landing();
    d.title = "Storage on Kubernetes, with an operator of our own".into();
    d.kinds = vec![
        CustomKind {
            id: "storage-operator".into(),
            name: "Storage operator".into(),
            category: "orchestration".into(),
            summary: "Reconciles the storage daemons: placement, rolling restarts, «rebalancing»."
                .into(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: vec![
                KindRequirement {
                    kind: "k8s-control-plane".into(),
                    relation: Relation::ManagedBy,
                },
                KindRequirement {
                    kind: "operator-state-store".into(),
                    relation: Relation::DependsOn,
                },
            ],
            provides: vec!["rescheduling".into()],
            figures: BTreeMap::from([
                (FigureName::RoutineHoursMonth, 3.0),
                (FigureName::UpgradesPerYear, 4.0),
                (FigureName::HoursPerUpgrade, 6.0),
                (FigureName::IncidentsPerYear, 6.0),
                (FigureName::HoursPerIncident, 4.0),
                (FigureName::LearningHours, 24.0),
                (FigureName::Cores, 0.5),
                (FigureName::MemoryGib, 1.0),
            ]),
            source: "ASSUMPTION: like the control plane's upgrades, half its incidents.".into(),
        },
        CustomKind {
            id: "operator-state-store".into(),
            name: "Operator state store".into(),
            category: "data".into(),
            summary: String::new(),
            scope: Scope::Cluster,
            managed: true,
            pages: false,
            requires: vec![],
            provides: vec![],
            figures: BTreeMap::from([
                (FigureName::RoutineHoursMonth, 0.5),
                (FigureName::MemoryGib, 0.25),
            ]),
            source: "https://example.com/operator-state-store".into(),
        },
    ];
    let mut operated = d.option("kubernetes").unwrap().clone();
    operated.id = "operator".into();
    operated.name = "Storage daemons on Kubernetes, under an operator".into();
    operated.components.push(ComponentUse {
        id: "operator".into(),
        kind: "storage-operator".into(),
        label: None,
        count: Count::Fixed(2),
        provider: None,
        overrides: BTreeMap::new(),
        ranges: Default::default(),
    });
    operated.edges.make_mut().push(Edge {
        from: "storage".into(),
        to: "operator".into(),
        relation: Relation::ManagedBy,
    });
    d.options.push(operated.into());
    d
}

fn json_deflate_base64_length(d: &Decision) -> usize {
    let json = serde_json::to_vec(d).unwrap();
    URL_SAFE_NO_PAD
        .encode(miniz_oxide::deflate::compress_to_vec(&json, 10))
        .len()
}

#[test]
fn documents_round_trip_through_links() {
    for d in [
        landing(),
        edited_landing(),
        hundred_components(),
        custom_kinds(),
    ] {
        let fragment = link::encode(&d);
        assert_eq!(link::decode(&fragment).unwrap(), d);
        assert_eq!(link::decode(&format!("#{fragment}")).unwrap(), d);
    }
    for entry in scenario::list() {
        let d = scenario::load(&entry.id).unwrap();
        assert_eq!(link::decode(&link::encode(&d)).unwrap(), d, "{}", entry.id);
    }
}

#[test]
fn links_are_compact() {
    let default = link::encode(&landing());
    let edited = link::encode(&edited_landing());
    let hundred = link::encode(&hundred_components());
    let custom = link::encode(&custom_kinds());
    let report = |name: &str, d: &Decision, fragment: &str| {
        let json = json_deflate_base64_length(d);
        println!(
            "{name}: {} characters; deflate + base64url of the JSON: {json} ({:.0}%)",
            fragment.len(),
            fragment.len() as f64 * 100.0 / json as f64
        );
        fragment.len() as f64 / json as f64
    };
    let ratios = [
        report("default scenario", &landing(), &default),
        report("default scenario with edits", &edited_landing(), &edited),
        report("100-component model", &hundred_components(), &hundred),
        report("two kinds of the document's own", &custom_kinds(), &custom),
    ];
    // The page's address adds its origin and path (about 40 characters) to the fragment.
    assert!(edited.len() + 40 < 1000, "edited default: {}", edited.len());
    assert!(
        hundred.len() + 40 < 2000,
        "100 components: {}",
        hundred.len()
    );
    for ratio in ratios {
        assert!(
            ratio <= 0.5,
            "at most half of deflate + base64url of the JSON: {ratio}"
        );
    }
}

// ----- golden links ----------------------------------------------------------------------------

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The numbers a golden link must show, one line per option.
fn numbers(d: &Decision) -> String {
    match analyse(d) {
        Err(error) => format!("error: {error}\n"),
        Ok(analysis) => analysis
            .options
            .iter()
            .map(|o| {
                let v = &o.versus_baseline;
                format!(
                    "{}: components {:+}, ops hours {:.6}, money {:.6}, capacity {:.6}, value {:.6}, net {:.6}, horizon {:.6}\n",
                    o.id,
                    v.managed_delta(),
                    v.ops_hours_month,
                    v.money_month,
                    v.fleet_share,
                    v.value_month,
                    v.net_month,
                    v.net_horizon
                )
            })
            .collect(),
    }
}

/// A golden link: files `tests/golden/<name>.{link,json,numbers}` (the link, the document it
/// must decode to, and the numbers that document must compute).
struct Golden {
    name: &'static str,
    /// What makes the document while its files are missing. Once they are written they are the
    /// golden's only definition; `None` where the maker no longer makes that document.
    make: Option<fn() -> Decision>,
    /// Whether the document cannot be computed: its numbers are then an error message, which
    /// must stay the same forever too.
    fails: bool,
}

fn goldens() -> Vec<Golden> {
    let made = |name, make| Golden {
        name,
        make: Some(make),
        fails: false,
    };
    vec![
        made("k8s-storage", landing),
        made("k8s-storage-edited", edited_landing),
        // Made by `sample::generated_option(100, 7)` before the generator was made acyclic: the
        // document holds a cycle (log-shipper-26 → loki-29 → log-shipper-26), and its golden now
        // says that a cyclic document reports the same cycle forever. `hundred-components-acyclic`
        // is what the fixed generator makes.
        Golden {
            name: "hundred-components",
            make: None,
            fails: true,
        },
        made("hundred-components-acyclic", hundred_components),
        made("tracing", || scenario::load("tracing").unwrap()),
        made("inventory", || scenario::load("inventory").unwrap()),
        made("database", || scenario::load("database").unwrap()),
        made("microservices", || scenario::load("microservices").unwrap()),
        made("custom-kinds", custom_kinds),
    ]
}

/// Golden links are made once and never rewritten: every release must open them to the same
/// document and numbers. To add one, add it to `goldens()` and run
/// `OVERHEAD_WRITE_GOLDEN=1 cargo test -p overhead-core --test links golden`, which writes the
/// files of goldens that have none (and never touches existing ones); review and commit them.
#[test]
fn golden_links_open_identically() {
    let dir = golden_dir();
    let write = std::env::var_os("OVERHEAD_WRITE_GOLDEN").is_some();
    for Golden { name, make, fails } in goldens() {
        let link_path = dir.join(format!("{name}.link"));
        let json_path = dir.join(format!("{name}.json"));
        let numbers_path = dir.join(format!("{name}.numbers"));
        if let (false, true, Some(make)) = (link_path.exists(), write, make) {
            let document = make();
            fs::create_dir_all(&dir).unwrap();
            fs::write(&link_path, link::encode(&document) + "\n").unwrap();
            fs::write(
                &json_path,
                serde_json::to_string_pretty(&document).unwrap() + "\n",
            )
            .unwrap();
            fs::write(&numbers_path, numbers(&document)).unwrap();
        }
        let fragment = fs::read_to_string(&link_path)
            .unwrap_or_else(|e| panic!("{}: {e}", link_path.display()));
        let decoded = link::decode(fragment.trim()).unwrap();
        let expected: Decision =
            serde_json::from_str(&fs::read_to_string(&json_path).unwrap()).unwrap();
        assert_eq!(decoded, expected, "{name}: document");
        let expected_numbers = fs::read_to_string(&numbers_path).unwrap();
        assert_eq!(numbers(&decoded), expected_numbers, "{name}: numbers");
        assert_eq!(
            expected_numbers.starts_with("error: "),
            fails,
            "{name}: numbers are {}an error",
            if fails { "not " } else { "" }
        );
        // The encoder still writes the very same link: format 1 for a document without kinds
        // of its own (so older releases open it), format 2 for one with them.
        assert_eq!(
            link::encode(&decoded),
            fragment.trim(),
            "{name}: re-encoded"
        );
        let format = if expected.kinds.is_empty() {
            "v1."
        } else {
            "v2."
        };
        assert!(fragment.starts_with(format), "{name}: {format}");
    }
}

/// A golden file that no entry of `goldens()` names would never be checked.
#[test]
fn every_golden_file_is_checked() {
    let listed: Vec<&str> = goldens().iter().map(|g| g.name).collect();
    for entry in fs::read_dir(golden_dir()).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e != "md") {
            assert!(listed.contains(&name), "{} is not checked", path.display());
        }
    }
}

// ----- bad links -------------------------------------------------------------------------------

#[test]
fn bad_links_get_clear_errors() {
    assert_eq!(link::decode(""), Err(LinkError::NotALink));
    assert_eq!(link::decode("#about"), Err(LinkError::NotALink));
    assert_eq!(link::decode("v0.AAAA"), Err(LinkError::NotALink));
    assert_eq!(link::decode("v5.AAAA"), Err(LinkError::FutureFormat(5)));
    assert_eq!(
        link::decode("v9999.AAAA"),
        Err(LinkError::FutureFormat(9999))
    );
    assert_eq!(link::decode("v1.not base64!"), Err(LinkError::NotBase64));
    assert_eq!(link::decode("v1.@@@@"), Err(LinkError::NotBase64));
    assert_eq!(link::decode("v2.@@@@"), Err(LinkError::NotBase64));

    for (format, original) in [
        ("v1", as_model_1(edited_landing())),
        ("v2", as_model_1(custom_kinds())),
        ("v3", edited_landing()),
        ("v3", custom_kinds()),
    ] {
        damaged_links_are_refused(format, &original);
    }
}

/// Cut or changed anywhere, a link of this format is refused, never read as another document.
fn damaged_links_are_refused(format: &str, original: &Decision) {
    let good = link::encode(original);
    let payload = good
        .strip_prefix(format)
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or_else(|| panic!("{good} is not {format}"));

    // Cut anywhere: always "incomplete", never a wrong document.
    for cut in [
        1,
        2,
        5,
        payload.len() / 2,
        payload.len() - 3,
        payload.len() - 1,
    ] {
        let error = link::decode(&format!("{format}.{}", &payload[..cut])).unwrap_err();
        assert!(
            matches!(error, LinkError::Truncated),
            "{format}, cut at {cut}: {error:?}"
        );
    }

    // Changed anywhere: refused, never a different document. (A change in the unused padding
    // bits of the deflate stream's last byte leaves the document itself unchanged.)
    let bytes = URL_SAFE_NO_PAD.decode(payload).unwrap();
    for position in 0..bytes.len() {
        for bit in [0x01, 0x20, 0x80] {
            let mut changed = bytes.clone();
            changed[position] ^= bit;
            let result = link::decode(&format!("{format}.{}", URL_SAFE_NO_PAD.encode(&changed)));
            assert!(
                result.as_ref().map_or(true, |d| d == original),
                "{format}: a change at byte {position} gave a different document"
            );
        }
    }

    // Longer than it says.
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        link::decode(&format!("{format}.{}", URL_SAFE_NO_PAD.encode(&longer))),
        Err(LinkError::Malformed(_))
    ));
}

#[test]
fn a_decompression_bomb_is_refused_quickly() {
    // 64 MiB of zeros deflate to about 64 KiB: inflating must stop at the cap.
    let bomb = vec![0u8; 64 * 1024 * 1024];
    let deflated = miniz_oxide::deflate::compress_to_vec(&bomb, 10);
    let started = std::time::Instant::now();
    for format in [1, 2] {
        let result = link::decode(&link::envelope(format, &deflated, true, &bomb));
        assert_eq!(result, Err(LinkError::TooLarge));
    }
    // Not a timing contract, a sanity bound: inflating 1 MiB takes milliseconds.
    assert!(started.elapsed().as_secs() < 10);

    // A link longer than anyone could paste is refused before decoding.
    let huge = format!("v1.{}", "A".repeat(link::MAX_LINK_CHARS + 1));
    assert_eq!(link::decode(&huge), Err(LinkError::TooLarge));
}

/// The page inflates a link's body with the browser's inflater at its start: the document it
/// reads from that body is the one `decode` reads, and a body that is not the link's, or over
/// the limit, is refused as `decode` refuses it.
#[test]
fn a_link_opens_the_same_from_a_body_inflated_elsewhere() {
    let d = edited_landing();
    let fragment = link::encode(&d);
    let envelope = link::Envelope::read(&fragment).unwrap();
    let deflated = envelope
        .deflated()
        .expect("the document is long enough to be deflated");
    let body = miniz_oxide::inflate::decompress_to_vec(deflated).unwrap();
    assert_eq!(envelope.open_inflated(&body), Ok(d.clone()));
    assert_eq!(envelope.open(), Ok(d.clone()));
    assert_eq!(link::decode(&fragment), Ok(d.clone()));

    let mut changed = body.clone();
    changed[3] ^= 1;
    assert_eq!(envelope.open_inflated(&changed), Err(LinkError::Tampered));
    let too_large = vec![0; link::MAX_DECODED_BYTES + 1];
    assert_eq!(envelope.open_inflated(&too_large), Err(LinkError::TooLarge));

    let stored = link::Encoding::new(&d).stored();
    let envelope = link::Envelope::read(&stored).unwrap();
    assert!(envelope.deflated().is_none());
    assert_eq!(envelope.open(), Ok(d));
}

#[test]
fn forged_bodies_with_valid_checksums_are_refused_with_what_is_wrong() {
    // Each body is refused for its own reason (not merely "some error"): a decoder that read a
    // forged body as a different document, or refused it for the wrong reason, changes the
    // snapshot.
    let cases: [(&str, &[u8]); 7] = [
        ("empty", &[]),
        ("only a catalog version", &[1]),
        ("unknown catalog version", &[99]),
        ("bad optional-text marker", &[1, 7]),
        (
            "a text longer than the link",
            &[1, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f],
        ),
        ("unknown status", &[1, 0, 0, 0, 9]),
        ("unknown context switches", &[1, 0, 0, 0, 0, 12, 0xfc]),
    ];
    for (_, body) in &cases {
        assert!(
            link::decode(&link::envelope(2, body, false, body)).is_err(),
            "v2: {body:?} decoded"
        );
    }
    assert_eq!(
        link::decode(&link::envelope(2, &[99], false, &[99])),
        Err(LinkError::UnknownCatalog(99))
    );
    let outcomes: String = cases
        .iter()
        .map(
            |(name, body)| match link::decode(&link::envelope(1, body, false, body)) {
                Ok(_) => format!("{name}: decoded\n"),
                Err(error) => format!("{name}: {error:?}\n"),
            },
        )
        .collect();
    expect![[r#"
        empty: Truncated
        only a catalog version: Truncated
        unknown catalog version: UnknownCatalog(99)
        bad optional-text marker: Malformed("an optional text has a bad marker")
        a text longer than the link: TooLarge
        unknown status: Malformed("the status is unknown")
        unknown context switches: Malformed("the context has unknown switches")
    "#]]
    .assert_eq(&outcomes);
}

/// The messages a person who clicked a bad link reads.
#[test]
fn bad_link_messages_read_as_snapshotted() {
    let errors = [
        LinkError::NotALink,
        LinkError::NotBase64,
        LinkError::Truncated,
        LinkError::Tampered,
        LinkError::FutureFormat(5),
        LinkError::UnknownCatalog(99),
        LinkError::TooLarge,
        LinkError::Malformed("an unknown status"),
    ];
    let messages: String = errors.iter().map(|e| format!("{e}\n")).collect();
    expect![[r#"
        This address does not hold an Overhead decision.
        This link is damaged: it has characters a decision link never has (a mail or chat client may have changed it). Ask for the link again, or copy it whole.
        This link is incomplete: it was probably cut off by a mail or chat client. Ask for the whole link.
        This link was changed after it was made (its checksum does not match), so it is not opened. Ask for the original link.
        This link was made by a newer version of Overhead (link format 5); this version reads formats up to 4. Open it with the newer version.
        This link needs catalog version 99, which this version of Overhead does not have; it was probably made by a newer version.
        This link expands to more than Overhead opens (4096 KiB); it is refused.
        This link is damaged: an unknown status.
    "#]].assert_eq(&messages);
}

/// The body of `d` as format 2 writes it, and where its kinds section starts (right after the
/// context, whose bytes are the same in both formats).
fn v2_body(d: &Decision) -> Vec<u8> {
    body_of(d, "v2.")
}

/// The body of `d` as its format (`prefix`) writes it, inflated.
fn body_of(d: &Decision, prefix: &str) -> Vec<u8> {
    let fragment = link::encode(d);
    let bytes = URL_SAFE_NO_PAD
        .decode(
            fragment
                .strip_prefix(prefix)
                .expect("a link of that format"),
        )
        .unwrap();
    assert_eq!(bytes[0], 1, "the document is long enough to be deflated");
    // flags (1 byte), stored length (varint), stored bytes, checksum (4 bytes).
    let mut at = 1;
    while bytes[at] & 0x80 != 0 {
        at += 1;
    }
    let stored = &bytes[at + 1..bytes.len() - 4];
    miniz_oxide::inflate::decompress_to_vec(stored).unwrap()
}

/// Formats 1 and 2 predate cost model 2's figures: a figure code past model 1's is refused,
/// where format 3 reads it.
#[test]
fn figures_of_cost_model_2_exist_only_in_format_3() {
    let mut d = as_model_1(landing());
    d.options[0].make_mut().components[0]
        .overrides
        .insert(FigureName::LicenceMonth, 7.0);
    let body = body_of(&d, "v1.");
    // The override: the count 1, the code of the licence (10), the number 7 (zigzag 14, e 0).
    let at = body
        .windows(4)
        .position(|w| w == [1, 10, 14, 0])
        .expect("the override is in the body");
    let mut forged = body.clone();
    forged[at + 1] = 11; // incidents a year per instance: cost model 2's first figure
    let v1 = |body: &[u8]| link::envelope(1, body, false, body);
    assert_eq!(link::decode(&v1(&body)).unwrap(), d);
    assert!(matches!(
        link::decode(&v1(&forged)),
        Err(LinkError::Malformed(why)) if why.contains("unknown figure")
    ));
    // A cost-model-2 document carries the same figure in format 3.
    let mut today = landing();
    today.options[0].make_mut().components[0]
        .overrides
        .insert(FigureName::IncidentsPerInstanceYear, 7.0);
    let fragment = link::encode(&today);
    assert!(fragment.starts_with("v3."));
    assert_eq!(link::decode(&fragment).unwrap(), today);
}

#[test]
fn forged_v2_kinds_are_malformed_not_panics() {
    // Format 2 carries cost-model-1 documents that define kinds.
    let mut d = as_model_1(landing());
    d.options.truncate(1);
    d.kinds = custom_kinds().kinds;
    let body = v2_body(&d);
    let encoded = |body: &[u8]| link::envelope(2, body, false, body);
    assert_eq!(link::decode(&encoded(&body)).unwrap(), d);
    // Find the kinds section: the first kind's id, a literal text, follows the kind count.
    let id = b"storage-operator";
    let at = body
        .windows(id.len())
        .position(|w| w == id)
        .expect("the first kind's id is a literal")
        - 3; // count (2), text marker (1), length (16): the count sits 3 bytes before the id
    assert_eq!(body[at], 2, "two kinds");
    assert_eq!(&body[at + 1..at + 3], &[1, 16]);

    // A kind count beyond the limit, or beyond what is left.
    let mut too_many = body.clone();
    too_many.splice(at..at + 1, [0xc9, 0x01]); // 201
    assert_eq!(link::decode(&encoded(&too_many)), Err(LinkError::TooLarge));
    let mut past_the_end = body.clone();
    past_the_end.truncate(at);
    past_the_end.push(100);
    assert_eq!(
        link::decode(&encoded(&past_the_end)),
        Err(LinkError::Truncated)
    );

    // The switches byte follows the five texts of the first kind: id, name, category, summary,
    // source. Unknown switches, and the unused scope 3, are refused.
    let switches = {
        let source = b"ASSUMPTION: like";
        body.windows(source.len())
            .position(|w| w == source)
            .unwrap()
            + "ASSUMPTION: like the control plane's upgrades, half its incidents.".len()
    };
    assert_eq!(body[switches], 0b100, "cluster scope, operated by the team");
    for (bad, why) in [
        (0b1000, "a kind has unknown switches"),
        (0b111, "a kind has an unknown scope"),
    ] {
        let mut forged = body.clone();
        forged[switches] = bad;
        assert_eq!(
            link::decode(&encoded(&forged)),
            Err(LinkError::Malformed(why))
        );
    }

    // A requirement on a catalog kind index past the catalog, a capability past the catalog's.
    let requirements = switches + 1;
    assert_eq!(body[requirements], 2, "two requirements");
    let mut forged = body.clone();
    forged.splice(requirements + 1..requirements + 3, [0xff, 0x7f]);
    assert_eq!(
        link::decode(&encoded(&forged)),
        Err(LinkError::Malformed("a kind requires an unknown kind"))
    );
}

// ----- property: encode → decode is the identity ------------------------------------------------

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("k8s-storage".to_string()),
        Just("Run the storage cluster on Kubernetes?".to_string()),
        "[a-z0-9-]{1,12}",
        any::<String>().prop_map(|s| s.chars().take(40).collect()),
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0u32..100_000).prop_map(f64::from),
        (0.0f64..1e6),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
    ]
}

/// Ids the generated documents' own kinds take, so that components and requirements use them.
const CUSTOM_IDS: [&str; 3] = ["custom-a", "custom-b", "custom-c"];

fn kind() -> impl Strategy<Value = String> {
    let catalog = catalog::get(catalog::latest_version()).unwrap();
    let ids: Vec<String> = catalog.kinds.iter().map(|k| k.id.to_string()).collect();
    prop_oneof![
        proptest::sample::select(ids),
        proptest::sample::select(CUSTOM_IDS.map(String::from).to_vec()),
        "[a-z-]{1,10}", // unknown kinds are still shareable documents
    ]
}

fn capability() -> impl Strategy<Value = String> {
    let catalog = catalog::get(catalog::latest_version()).unwrap();
    let ids: Vec<String> = catalog
        .capabilities
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    prop_oneof![proptest::sample::select(ids), text()]
}

fn custom_kind() -> impl Strategy<Value = CustomKind> {
    (
        prop_oneof![
            proptest::sample::select(CUSTOM_IDS.map(String::from).to_vec()),
            text()
        ],
        (text(), text(), text(), text()),
        proptest::sample::select(vec![Scope::Cluster, Scope::Server, Scope::Service]),
        any::<bool>(),
        proptest::collection::vec(
            (kind(), proptest::sample::select(Relation::ALL.to_vec()))
                .prop_map(|(kind, relation)| KindRequirement { kind, relation }),
            0..4,
        ),
        proptest::collection::vec(capability(), 0..3),
        proptest::collection::btree_map(
            proptest::sample::select(FigureName::ALL.to_vec()),
            number(),
            0..5,
        ),
    )
        .prop_map(
            |(
                id,
                (name, category, summary, source),
                scope,
                managed,
                requires,
                provides,
                figures,
            )| {
                CustomKind {
                    // Varied without a thirteenth strategy in the tuple.
                    pages: id.len() % 2 == 0,
                    id,
                    name,
                    category,
                    summary,
                    scope,
                    managed,
                    requires,
                    provides,
                    figures,
                    source,
                }
            },
        )
}

fn component() -> impl Strategy<Value = ComponentUse> {
    (
        text(),
        kind(),
        proptest::option::of(text()),
        prop_oneof![
            Just(Count::Default),
            any::<u32>().prop_map(Count::Fixed),
            Just(Count::Per(PerWhat::PerServer)),
            Just(Count::Per(PerWhat::PerService)),
        ],
        proptest::option::of(
            (text(), number()).prop_map(|(name, price_month)| Provider { name, price_month }),
        ),
        proptest::collection::btree_map(
            proptest::sample::select(FigureName::ALL.to_vec()),
            number(),
            0..3,
        ),
        any::<bool>(),
        proptest::collection::btree_map(
            proptest::sample::select(FigureName::ALL.to_vec()),
            bounds(),
            0..2,
        ),
    )
        .prop_map(
            |(id, kind, label, count, provider, overrides, id_is_kind, ranges)| ComponentUse {
                id: if id_is_kind { kind.clone() } else { id },
                kind,
                label,
                count,
                provider,
                overrides,
                ranges,
            },
        )
}

fn bounds() -> impl Strategy<Value = Bounds> {
    (number(), number()).prop_map(|(low, high)| Bounds { low, high })
}

/// Ranges as a document may hold them: often none, else on or off, any draws, any context
/// numbers (a link carries what it is given; checking them is the analysis' business).
fn ranges() -> impl Strategy<Value = Ranges> {
    prop_oneof![
        Just(Ranges::default()),
        (
            any::<bool>(),
            any::<u32>(),
            any::<u32>(),
            proptest::collection::btree_map(
                proptest::sample::select(ContextNumber::ALL.to_vec()),
                bounds(),
                0..4,
            ),
        )
            .prop_map(|(on, seed, samples, context)| Ranges {
                on,
                catalog: seed % 2 == 0,
                seed,
                samples,
                context,
            }),
    ]
}

fn option() -> impl Strategy<Value = Alternative> {
    (
        text(),
        text(),
        text(),
        proptest::collection::vec(component(), 0..8),
    )
        .prop_flat_map(|(id, name, summary, components)| {
            let ids: Vec<String> = components
                .iter()
                .map(|c| c.id.clone())
                .chain(["dangling".to_string()])
                .collect();
            let edge = (
                proptest::sample::select(ids.clone()),
                proptest::sample::select(ids),
                proptest::sample::select(Relation::ALL.to_vec()),
            )
                .prop_map(|(from, to, relation)| Edge { from, to, relation });
            (
                Just((id, name, summary, components)),
                proptest::collection::vec(edge, 0..10),
            )
        })
        .prop_map(|((id, name, summary, components), edges)| Alternative {
            id,
            name,
            summary,
            components,
            edges: edges.into(),
        })
}

/// The document as cost model 1 can hold it: catalog 1, none of model 2's fields or figures.
fn as_model_1(mut d: Decision) -> Decision {
    d.catalog_version = 1;
    d.cost_model = 1;
    d.context.fleet.owned = false;
    d.context.fleet.spare_share = 0.0;
    d.context.team.teams = 1;
    d.context.workload.hours_per_deploy = 0.0;
    let model_1 = |name: &FigureName| FigureName::MODEL_1.contains(name);
    for option in &mut d.options {
        for component in &mut option.make_mut().components {
            component.overrides.retain(|name, _| model_1(name));
        }
    }
    for kind in &mut d.kinds {
        kind.pages = false;
        kind.figures.retain(|name, _| model_1(name));
    }
    d
}

fn decision() -> impl Strategy<Value = Decision> {
    let context = (
        (
            any::<u32>(),
            any::<bool>(),
            number(),
            number(),
            number(),
            number(),
        ),
        (any::<u32>(), number()),
        (any::<u32>(), any::<bool>(), number(), number()),
        any::<u32>(),
        (any::<bool>(), number(), any::<u32>(), number()),
    )
        .prop_map(|(fleet, team, workload, horizon_months, second)| Context {
            fleet: Fleet {
                servers: fleet.0,
                elastic: fleet.1,
                cores_per_server: fleet.2,
                memory_gib_per_server: fleet.3,
                server_cost_month: fleet.4,
                failures_per_server_year: fleet.5,
                owned: second.0,
                spare_share: second.1,
            },
            team: Team {
                engineers: team.0,
                hourly_cost: team.1,
                teams: second.2,
            },
            workload: Workload {
                services: workload.0,
                stateful: workload.1,
                deploys_per_week: workload.2,
                demand_variation: workload.3,
                hours_per_deploy: second.3,
            },
            horizon_months,
        });
    (
        proptest::option::of(text()),
        (text(), text(), text()),
        proptest::sample::select(Status::ALL.to_vec()),
        context,
        proptest::collection::vec(option(), 0..4),
        text(),
        proptest::option::of(text()),
        prop_oneof![
            Just(Vec::new()),
            proptest::collection::vec(custom_kind(), 1..4)
        ],
        any::<bool>(),
        ranges(),
    )
        .prop_map(
            |(
                scenario,
                (title, question, rationale),
                status,
                context,
                options,
                baseline,
                chosen,
                kinds,
                model_2,
                ranges,
            )| {
                let decision = Decision {
                    catalog_version: 2,
                    cost_model: 2,
                    scenario,
                    title,
                    question,
                    status,
                    context,
                    options: options.into_iter().map(Shared::new).collect(),
                    baseline,
                    chosen,
                    rationale,
                    kinds,
                    ranges,
                };
                if model_2 {
                    decision
                } else {
                    as_model_1(decision)
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn encode_then_decode_is_the_identity(d in decision()) {
        let fragment = link::encode(&d);
        prop_assert_eq!(link::decode(&fragment).unwrap(), d);
    }

    #[test]
    fn decoding_arbitrary_text_never_panics(text in ".{0,200}") {
        let _ = link::decode(&text);
        let _ = link::decode(&format!("v1.{text}"));
        let _ = link::decode(&format!("v2.{text}"));
    }
}

/// A big document's link, deflated a slice at a time (as the page spreads it over tasks), is the
/// very link `encode` makes.
#[test]
fn a_link_encoded_in_slices_is_the_same_link() {
    let mut d = scenario::landing().unwrap();
    d.options.push(sample::generated_option(1_000, 7).into());
    let whole = link::encode(&d);
    for slice in [1, 4_096, 65_536] {
        let mut encoding = link::Encoding::new(&d);
        let mut steps = 1;
        let fragment = loop {
            match encoding.step(slice) {
                Some(fragment) => break fragment,
                None => steps += 1,
            }
        };
        assert_eq!(fragment, whole, "in slices of {slice} bytes");
        assert!(slice > 4_096 || steps > 1, "{steps} steps of {slice} bytes");
    }
}
