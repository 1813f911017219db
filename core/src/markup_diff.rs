//! Which texts of a piece of markup changed, when nothing else did: the page then sets those
//! few texts in place instead of setting the markup whole, which would make the browser lay out
//! and shape all of its text again (`src/ui/html_patch.rs`).
//!
//! The markup is what this crate builds (`render`): elements, attributes quoted and escaped by
//! `export::xml_text`, text escaped the same way. Anything else (another entity, a tag left
//! open) makes the comparison give up, and the page sets the markup whole: never a wrong text.

use std::borrow::Cow;

/// A text of the new markup that differs from the old one's: its position among the markup's
/// texts (non-empty runs between tags, in order: the text nodes the browser makes of them) and
/// its text, unescaped.
#[derive(Debug, PartialEq, Eq)]
pub struct ChangedText {
    pub position: usize,
    pub text: String,
}

/// The texts that differ between two pieces of markup with the same tags, and how many texts
/// each has (what the browser's text nodes of them number).
#[derive(Debug, PartialEq, Eq)]
pub struct TextChanges {
    pub changed: Vec<ChangedText>,
    pub count: usize,
}

/// What changed from `old` to `new`: the texts that differ, when both have the same tags (and
/// attributes) in the same places and the same number of texts; none otherwise.
pub fn changed_texts(old: &str, new: &str) -> Option<TextChanges> {
    let mut old_pieces = Pieces { rest: old };
    let mut new_pieces = Pieces { rest: new };
    let mut changed = Vec::new();
    let mut position = 0;
    loop {
        match (old_pieces.next()?, new_pieces.next()?) {
            (Piece::End, Piece::End) => {
                return Some(TextChanges {
                    changed,
                    count: position,
                })
            }
            (Piece::Tag(old_tag), Piece::Tag(new_tag)) if old_tag == new_tag => {}
            (Piece::Text(old_text), Piece::Text(new_text)) => {
                if old_text != new_text {
                    changed.push(ChangedText {
                        position,
                        text: unescaped(new_text)?.into_owned(),
                    });
                }
                position += 1;
            }
            _ => return None,
        }
    }
}

enum Piece<'a> {
    Tag(&'a str),
    Text(&'a str),
    End,
}

/// The markup cut into tags and texts; `None` for a tag left open.
struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Pieces<'a> {
    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return Some(Piece::End);
        }
        let end = if self.rest.starts_with('<') {
            tag_length(self.rest)?
        } else {
            self.rest.find('<').unwrap_or(self.rest.len())
        };
        let (piece, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(if piece.starts_with('<') {
            Piece::Tag(piece)
        } else {
            Piece::Text(piece)
        })
    }
}

/// The length of the tag that `markup` starts with, up to its `>` outside quotes.
fn tag_length(markup: &str) -> Option<usize> {
    let mut quote = None;
    for (at, byte) in markup.bytes().enumerate() {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'>') => return Some(at + 1),
            _ => {}
        }
    }
    None
}

/// `text` with the entities `export::xml_text` writes replaced by their characters; `None` for
/// any other entity.
fn unescaped(text: &str) -> Option<Cow<'_, str>> {
    if !text.contains('&') {
        return Some(Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let entity_end = rest[at..].find(';')? + at;
        out.push(entity(&rest[at + 1..entity_end])?);
        rest = &rest[entity_end + 1..];
    }
    out.push_str(rest);
    Some(Cow::Owned(out))
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}
