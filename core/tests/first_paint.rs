//! `index.html` shows the landing scenario's numbers before the app has loaded
//! (`render::first_paint_html`). This holds the block in `index.html` to what the core renders
//! now: a change of the landing scenario, the catalog or the cost model that moves a number
//! fails here until `UPDATE_EXPECT=1 cargo test -p overhead-core --test first_paint` writes the
//! block again.

use std::path::Path;

use overhead_core::analysis::analyse;
use overhead_core::render::first_paint_html;
use overhead_core::scenario;

const START: &str = "<!-- first-paint: written by core/tests/first_paint.rs -->";
const END: &str = "<!-- /first-paint -->";

#[test]
fn index_html_shows_the_landing_scenarios_numbers_as_the_core_computes_them() {
    let landing = scenario::landing().expect("the landing scenario is built in");
    let analysis = analyse(&landing).expect("the landing scenario analyses");
    let rendered = first_paint_html(&landing, &analysis);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../index.html");
    let page = std::fs::read_to_string(&path).expect("index.html is readable");
    let start = page
        .find(START)
        .expect("index.html has the first-paint start marker")
        + START.len();
    let end = page
        .find(END)
        .expect("index.html has the first-paint end marker");
    let held = page[start..end].trim();
    if held != rendered {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            let indent = "\n    ";
            let written = format!(
                "{}{indent}{rendered}{indent}{}",
                &page[..start],
                &page[end..]
            );
            std::fs::write(&path, written).expect("index.html is writable");
        } else {
            panic!(
                "index.html's first paint is not what the core renders now; write it again with \
                 UPDATE_EXPECT=1 cargo test -p overhead-core --test first_paint\n\
                 held:     {held}\nrendered: {rendered}"
            );
        }
    }
}

#[test]
fn the_first_paint_escapes_what_the_document_says() {
    let mut landing = scenario::landing().expect("the landing scenario is built in");
    landing.title = "<script>alert(1)</script> & co".into();
    landing.options[0].make_mut().name = "\"quoted\" <b>".into();
    let analysis = analyse(&landing).expect("the landing scenario analyses");
    let rendered = first_paint_html(&landing, &analysis);
    assert!(rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(
        rendered.contains("&quot;quoted&quot; &lt;b&gt;")
            || rendered.contains("\"quoted\" &lt;b&gt;")
    );
    assert!(!rendered.contains("<script>") && !rendered.contains("<b>"));
}
