//! A person's per-visit working values, on the stack for the few visits almost every person has:
//! the figures-only path computes millions of persons a second, and a heap allocation per value
//! list would cost more than the arithmetic.

use std::ops::{Deref, DerefMut};

/// Visits held inline; a person with more spills to the heap (rare: a year's stays, not bills).
const INLINE: usize = 12;

#[derive(Clone, Debug)]
pub(super) enum Buf<T: Copy + Default> {
    Inline([T; INLINE], usize),
    Heap(Vec<T>),
}

impl<T: Copy + Default> Buf<T> {
    /// `[f(0), f(1), …, f(n − 1)]`.
    pub(super) fn from_fn(n: usize, mut f: impl FnMut(usize) -> T) -> Buf<T> {
        if n <= INLINE {
            let mut a = [T::default(); INLINE];
            for (i, slot) in a.iter_mut().enumerate().take(n) {
                *slot = f(i);
            }
            Buf::Inline(a, n)
        } else {
            Buf::Heap((0..n).map(f).collect())
        }
    }
}

impl<T: Copy + Default> Deref for Buf<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Buf::Inline(a, n) => a.get(..*n).unwrap_or(&[]),
            Buf::Heap(v) => v,
        }
    }
}

impl<T: Copy + Default> DerefMut for Buf<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match self {
            Buf::Inline(a, n) => a.get_mut(..*n).unwrap_or(&mut []),
            Buf::Heap(v) => v,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_it_was_given_inline_or_not() {
        for n in [0, 1, INLINE, INLINE + 1, 40] {
            let mut b = Buf::from_fn(n, |i| i * 3);
            assert_eq!(b.len(), n);
            assert!(b.iter().enumerate().all(|(i, v)| *v == i * 3));
            b.iter_mut().for_each(|v| *v += 1);
            assert_eq!(b.iter().sum::<usize>(), (0..n).map(|i| i * 3 + 1).sum());
            assert_eq!(matches!(b, Buf::Inline(..)), n <= INLINE);
        }
    }
}
