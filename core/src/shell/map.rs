//! Piecewise offset maps from a scanned text to the top-level text.
//!
//! A re-entered string (`sh -c "…"`) is the cooked text of a word: quotes and
//! escapes are gone, so its bytes are no longer contiguous in the source. A
//! [`Map`] lists the pieces that are: piece `i` maps local offset
//! `pieces[i].0` to top-level offset `pieces[i].1`, and runs until the next
//! piece. Local offsets only grow, and so do top-level ones.

use crate::syntax::Span;

#[derive(Clone, Debug)]
pub(crate) struct Map {
    /// (local, top), sorted by local; the first piece has local 0.
    pieces: Vec<(usize, usize)>,
}

impl Map {
    pub(crate) fn identity() -> Map {
        Map {
            pieces: vec![(0, 0)],
        }
    }

    /// The top-level offset of local offset `x`.
    pub(crate) fn at(&self, x: usize) -> usize {
        if let [(l, t)] = self.pieces.as_slice() {
            return t + x.saturating_sub(*l);
        }
        let i = self.pieces.partition_point(|p| p.0 <= x);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(l, t)) => t + (x - l),
            None => self.pieces.first().map_or(x, |p| p.1),
        }
    }

    /// The top-level span of local range `a..b` (the end maps to just after
    /// the last byte of the range).
    pub(crate) fn span(&self, a: usize, b: usize) -> Span {
        let start = self.at(a);
        if b > a {
            Span::new(start, (self.at(b - 1) + 1).max(start))
        } else {
            Span::empty(start)
        }
    }

    /// Where local offset `x`'s piece ends (the next piece's local start).
    fn piece_end(&self, x: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= x);
        self.pieces.get(i).map_or(usize::MAX, |p| p.0)
    }

    /// Composes `segs` (cooked offset → local offset of this map, pieces as
    /// above, covering `0..cooked_len`) with this map.
    pub(crate) fn compose(&self, segs: &[(usize, usize)], cooked_len: usize) -> Map {
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(segs.len() + 1);
        let mut push = |c: usize, t: usize| {
            if let Some(&(pc, pt)) = out.last() {
                if pt + (c - pc) == t {
                    return;
                }
            }
            out.push((c, t));
        };
        for (i, &(c0, s0)) in segs.iter().enumerate() {
            let c1 = segs.get(i + 1).map_or(cooked_len, |s| s.0);
            let (mut c, mut x) = (c0, s0);
            while c < c1 {
                push(c, self.at(x));
                let run = (c1 - c).min(self.piece_end(x).saturating_sub(x)).max(1);
                c += run;
                x += run;
            }
        }
        if out.first().is_none_or(|p| p.0 != 0) {
            out.insert(0, (0, self.at(0)));
        }
        Map { pieces: out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_follows_both_maps() {
        // Outer: local 0..4 → 10..14, local 4.. → 20..
        let outer = Map {
            pieces: vec![(0, 10), (4, 20)],
        };
        // Cooked 0..3 → local 2..5, cooked 3.. → local 7..
        let m = outer.compose(&[(0, 2), (3, 7)], 5);
        assert_eq!(m.at(0), 12);
        assert_eq!(m.at(1), 13);
        assert_eq!(m.at(2), 20);
        assert_eq!(m.at(3), 23);
        assert_eq!(m.at(4), 24);
        assert_eq!(m.span(0, 2), Span::new(12, 14));
    }
}
