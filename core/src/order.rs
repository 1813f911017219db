//! Sorting through one compiled sort.
//!
//! The standard library's sort is generic: each item type and each comparison compiles its own
//! copy of it, 2 to 4 KB of wasm apiece, and the page's module held about twenty. Here every
//! list is sorted by ordering its positions (`u32`, with the comparison behind a reference to
//! a trait object: one copy of the sort for the whole program) and then moving the items to
//! where they go (a few instructions per item type). Both sorts are stable.
//!
//! The layout's crossing reduction and alignment, and the ranges' quantiles, keep the standard
//! sorts: they sort in inner loops, where a call through a trait object per comparison would
//! cost time (tried on two of the layout's sorts: 2,000 components laid out in 25-29 ms median
//! against 17-23, on a machine whose speed drifts).

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    move_into_order(items, order);
}

/// Sorts `items` by the key `key` gives each, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// The positions `0..len` in the order `compare` (which compares two positions) puts them.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let len = u32::try_from(len).expect("a list to sort has fewer than 2^32 items");
    let mut positions: Vec<u32> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a as usize, b as usize));
    positions
}

/// Rearranges `items` so that item `i` is the one that was at `order[i]`, by following each
/// cycle of the permutation: every item moves once, and nothing is copied.
fn move_into_order<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            // Marks `at` as done: a cycle met again later starts and ends at once.
            order[at] = at as u32;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs sorted by their first number only: the second shows that equal keys keep
        // their order.
        let mut seed = 12_345_u32;
        for len in [0, 1, 2, 3, 7, 20, 33, 200] {
            let items: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 7, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items.clone();
            sort_by_key(&mut sorted, |item| item.0);
            assert_eq!(sorted, expected, "{len} items");
        }
    }

    #[test]
    fn moves_items_along_every_cycle() {
        let mut items = vec!['a', 'b', 'c', 'd', 'e'];
        move_into_order(&mut items, vec![2, 0, 1, 4, 3]);
        assert_eq!(items, ['c', 'a', 'b', 'e', 'd']);
    }

    #[test]
    fn sorts_owned_items_in_reverse() {
        let mut words: Vec<String> = ["pear", "apple", "fig"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["pear", "fig", "apple"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
    }
}
