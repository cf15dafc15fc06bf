//! Stable sorting through one shared, non-generic sort of indices.
//!
//! `slice::sort_by` is monomorphised per element type and comparator, and
//! each copy of the standard library's stable sort is several kilobytes of
//! wasm; a dozen of them were ~20 KB of the gzipped web bundle. These
//! helpers sort a vector of indices once (one copy of the sort for the whole
//! crate) and then move the elements into place. The order is exactly that
//! of `sort_by`: stable, equal elements keep their order.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts `v` stably by a key, like `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut seed: u32 = 7;
        let mut v: Vec<(u8, usize)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 24) as u8 % 13, i)
            })
            .collect();
        let mut expected = v.clone();
        expected.sort_by_key(|e| e.0);
        sort_by_key(&mut v, |e| e.0);
        assert_eq!(v, expected);
        let mut expected = v.clone();
        // Two keys, the second descending; equal pairs keep their order.
        let cmp = |a: &(u8, usize), b: &(u8, usize)| (a.0 % 5).cmp(&(b.0 % 5)).then(b.0.cmp(&a.0));
        expected.sort_by(cmp);
        sort_by(&mut v, cmp);
        assert_eq!(v, expected);
    }

    #[test]
    fn short_vectors() {
        let mut v: Vec<String> = vec![];
        sort_by(&mut v, |a, b| a.cmp(b));
        assert!(v.is_empty());
        let mut v = vec!["b".to_string(), "a".to_string()];
        sort_by(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, ["a", "b"]);
    }
}
