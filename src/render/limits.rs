//! Bounds on the work one page's templates can do, so a mistaken loop ends
//! in an error in seconds instead of running for minutes or filling memory:
//! a budget of `range` elements per page, a cap on a page's size, and the
//! stack rendering threads need.
//!
//! The budget is per thread and reset at the start of every page; a page
//! is rendered on one thread from start to end.

use std::cell::Cell;
use std::io::{self, Write};

use tera::{Kwargs, State, TeraResult};

/// Elements `range` may produce for one page, all calls together. Tera caps
/// one call at 100,000; two nested loops of 31,623 would run for minutes.
/// Real themes use a few hundred (pagination, ratings).
pub const RANGE_BUDGET: u64 = 1_000_000;

/// Tera's own cap on one call, kept.
const RANGE_CALL_MAX: i128 = 100_000;

/// The largest page canteen writes: real pages are under 1 MB; the largest
/// toolkit page is ~200 KB.
pub const PAGE_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Stack for threads that render: Tera recurses for every `include`, block
/// and component. Measured with gdb at the deepest point: a level inside a
/// component costs ~70 KB in a debug build (~11 KB release), a plain
/// include ~10 KB (~2 KB). The worst case canteen allows, 20 nested
/// components each through 16 levels of `include`, used 22.9 MiB (debug)
/// and 3.6 MiB (release); a component recursing through one include
/// overflowed a rayon worker's default 2 MiB at ~14 levels (debug). Only
/// touched pages of a stack are committed, so the size costs address
/// space, not memory.
pub const STACK_SIZE: usize = 64 * 1024 * 1024;

thread_local! {
    static RANGE_USED: Cell<u64> = const { Cell::new(0) };
}

/// Starts a page's budget.
pub fn begin_page() {
    RANGE_USED.with(|used| used.set(0));
}

/// Tera's `range` (same arguments, same results), counting elements against
/// the page's budget.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step_by = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let len = length(start, end, step_by).map_err(tera::Error::message)?;
    if len > RANGE_CALL_MAX {
        return Err(tera::Error::message(format!(
            "Function `range` would produce {len} elements, which exceeds the limit of {RANGE_CALL_MAX}"
        )));
    }
    let len = u64::try_from(len).unwrap_or(0);
    let used = RANGE_USED.with(|used| {
        let total = used.get().saturating_add(len);
        used.set(total);
        total
    });
    if used > RANGE_BUDGET {
        return Err(tera::Error::message(format!(
            "`range` has produced {used} elements for this page, more than the {RANGE_BUDGET} canteen allows for one page; is a loop nested in another by mistake?"
        )));
    }
    Ok((0..len).map(|i| start + i128::from(i) * step_by).collect())
}

/// How many elements `range(start, end, step_by)` has, or why it is wrong
/// (Tera's messages).
fn length(start: i128, end: i128, step_by: i128) -> Result<i128, &'static str> {
    if start > end && step_by > 0 {
        return Err(
            "Function `range` was called with a `start` argument greater than the `end` one",
        );
    }
    if step_by == 0 {
        return Err("Function `range` was called with a `step_by` argument of 0");
    }
    let overflow = "Function `range` was called with arguments that overflow i128";
    if step_by > 0 {
        let span = end.checked_sub(start).ok_or(overflow)?;
        Ok(span.checked_add(step_by - 1).ok_or(overflow)? / step_by)
    } else if start <= end {
        Ok(0)
    } else {
        let step = step_by.checked_neg().ok_or(overflow)?;
        let span = start.checked_sub(end).ok_or(overflow)?;
        Ok(span.checked_add(step - 1).ok_or(overflow)? / step)
    }
}

/// A page's output buffer that refuses to grow past `PAGE_MAX_BYTES`.
#[derive(Debug)]
pub struct Capped<'a> {
    buffer: &'a mut Vec<u8>,
    /// Set once a write was refused: the render failed for its size.
    pub exceeded: bool,
}

impl<'a> Capped<'a> {
    /// Wraps `buffer`.
    pub fn new(buffer: &'a mut Vec<u8>) -> Capped<'a> {
        Capped {
            buffer,
            exceeded: false,
        }
    }
}

// Inlined: Tera writes a page in many small pieces, each through here.
impl Write for Capped<'_> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.len() + bytes.len() > PAGE_MAX_BYTES {
            self.exceeded = true;
            return Err(io::Error::other("page too large"));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The message for a page that grew past the cap.
pub fn too_large_message() -> String {
    format!(
        "the page grew past {} MiB, more than canteen writes for one page; is a loop printing a large value many times?",
        PAGE_MAX_BYTES / (1024 * 1024)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(start: i128, end: i128, step_by: i128) -> Result<Vec<i128>, String> {
        let mut tera = tera::Tera::new();
        tera.register_function("range", range);
        tera.add_raw_template(
            "t",
            "{% for i in range(start=start, end=end, step_by=step_by) %}{{ i }},{% endfor %}",
        )
        .map_err(|e| e.to_string())?;
        let mut context = tera::Context::new();
        context.insert("start", &start);
        context.insert("end", &end);
        context.insert("step_by", &step_by);
        tera.render("t", &context)
            .map(|s| {
                s.split(',')
                    .filter(|x| !x.is_empty())
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .map_err(|e| e.to_string())
    }

    #[test]
    fn range_gives_what_teras_range_gives() {
        begin_page();
        assert_eq!(call(0, 5, 1), Ok(vec![0, 1, 2, 3, 4]));
        assert_eq!(call(2, 9, 3), Ok(vec![2, 5, 8]));
        assert_eq!(call(5, 0, -2), Ok(vec![5, 3, 1]));
        assert_eq!(call(0, 5, -1), Ok(vec![]));
        assert!(call(5, 0, 1).is_err_and(|e| e.contains("greater than the `end` one")));
        assert!(call(0, 5, 0).is_err_and(|e| e.contains("`step_by` argument of 0")));
        assert!(call(0, 100_001, 1).is_err_and(|e| e.contains("exceeds the limit of 100000")));
    }

    #[test]
    fn the_budget_counts_every_call_of_a_page() {
        begin_page();
        for _ in 0..10 {
            assert!(call(0, 100_000, 1).is_ok());
        }
        let over = call(0, 1, 1);
        assert!(
            over.as_ref().is_err_and(|e| e.contains(
                "`range` has produced 1000001 elements for this page, more than the 1000000 canteen allows for one page"
            )),
            "{over:?}"
        );
        begin_page();
        assert_eq!(call(0, 1, 1), Ok(vec![0]));
    }

    #[test]
    fn capped_output_refuses_past_the_limit() {
        let mut buffer = vec![0; PAGE_MAX_BYTES - 1];
        let mut capped = Capped::new(&mut buffer);
        assert!(capped.write_all(b"x").is_ok());
        assert!(capped.write_all(b"y").is_err());
        assert!(capped.exceeded);
        assert_eq!(buffer.len(), PAGE_MAX_BYTES);
    }
}
