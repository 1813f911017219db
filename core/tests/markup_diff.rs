//! `markup_diff`: which texts of the page's markup an edit changed, and when to set it whole.

mod support;

use overhead_core::analysis::analyse;
use overhead_core::edit::{apply, Command, ContextNumber};
use overhead_core::markup_diff::{changed_texts, ChangedText, TextChanges};
use overhead_core::render::option_report_html;
use support::{unescape, DocBuilder};

fn changed(position: usize, text: &str) -> ChangedText {
    ChangedText {
        position,
        text: text.to_string(),
    }
}

#[test]
fn a_changed_number_is_the_one_text_set() {
    let changes = changed_texts(
        "<p class=\"totals\">Operates <b>6</b> components</p><p>$2,104</p>",
        "<p class=\"totals\">Operates <b>7</b> components</p><p>$2,104</p>",
    );
    assert_eq!(
        changes,
        Some(TextChanges {
            changed: vec![changed(1, "7")],
            count: 4,
        })
    );
}

#[test]
fn texts_are_unescaped_as_the_browser_reads_them() {
    let changes = changed_texts("<p>a</p>", "<p>Tom &amp; Jerry &lt;3 &quot;&apos;&gt;</p>");
    assert_eq!(
        changes.unwrap().changed,
        vec![changed(0, "Tom & Jerry <3 \"'>")]
    );
}

#[test]
fn a_quoted_greater_than_sign_stays_in_its_tag() {
    let changes = changed_texts("<p title=\"a>b\">1</p>", "<p title=\"a>b\">2</p>");
    assert_eq!(changes.unwrap().changed, vec![changed(0, "2")]);
}

#[test]
fn changed_tags_or_attributes_set_the_markup_whole() {
    assert_eq!(changed_texts("<p>1</p>", "<div>1</div>"), None);
    assert_eq!(
        changed_texts("<p class=\"a\">1</p>", "<p class=\"b\">1</p>"),
        None
    );
    assert_eq!(changed_texts("<p>1</p>", "<p>1</p><p>2</p>"), None);
    assert_eq!(
        changed_texts("<p>1</p>", "<p></p>"),
        None,
        "a text gone is a node gone"
    );
}

#[test]
fn markup_it_cannot_read_sets_the_markup_whole() {
    assert_eq!(
        changed_texts("<p>1</p>", "<p>&nbsp;</p>"),
        None,
        "an entity it does not write"
    );
    assert_eq!(
        changed_texts("<p>1</p>", "<p>a &amp b</p>"),
        None,
        "an entity left open"
    );
    assert_eq!(
        changed_texts("<p>1</p><p", "<p>2</p><p"),
        None,
        "a tag left open"
    );
}

#[test]
fn unchanged_markup_changes_nothing() {
    let markup = "<dl><dt>Ops</dt><dd>+25.6 h</dd></dl>";
    assert_eq!(
        changed_texts(markup, markup),
        Some(TextChanges {
            changed: vec![],
            count: 2,
        })
    );
}

/// The texts of `markup` in order (runs between tags, unescaped): what its text nodes hold.
fn texts(markup: &str) -> Vec<String> {
    markup
        .split('<')
        .enumerate()
        .filter_map(|(i, piece)| match i {
            0 => Some(piece),
            _ => piece.split_once('>').map(|(_, text)| text),
        })
        .filter(|text| !text.is_empty())
        .map(unescape)
        .collect()
}

#[test]
fn a_servers_edit_patches_the_landing_reports_texts_into_the_new_ones() {
    let mut decision = DocBuilder::landing().build();
    let before = analyse(&decision).unwrap();
    apply(
        &mut decision,
        Command::SetNumber(ContextNumber::Servers, 31.0),
    )
    .unwrap();
    let after = analyse(&decision).unwrap();
    for index in 0..after.options.len() {
        let (old, new) = (
            option_report_html(&before, index),
            option_report_html(&after, index),
        );
        let changes = changed_texts(&old, &new).expect("a number edit keeps the report's tags");
        let mut shown = texts(&old);
        assert_eq!(shown.len(), changes.count);
        for change in changes.changed {
            shown[change.position] = change.text;
        }
        assert_eq!(shown, texts(&new));
    }
    assert_ne!(
        option_report_html(&before, 1),
        option_report_html(&after, 1)
    );
}
