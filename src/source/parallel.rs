//! Sharing a list of jobs among threads, with the results back in order.
//!
//! Sources scan many independent things (files, staged changes, blocks of
//! commits). Each thread takes the next job when it is free, so uneven jobs
//! still share out evenly, and the results are sorted back into job order so
//! a report never depends on how the work was shared.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use for `jobs` jobs: one per core, never more than
/// there are jobs, and one when `worth_it` says the work is too small to
/// repay starting threads.
pub fn threads_for(jobs: usize, worth_it: bool) -> usize {
    if !worth_it {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs)
        .max(1)
}

/// Runs `job(context, index)` for every index in `0..jobs`, one thread per
/// context (the calling thread takes the first), and returns the results in
/// index order. `progress` runs on the calling thread after each job it
/// finishes, with the number of jobs finished on all threads.
pub fn in_order<C, R>(
    jobs: usize,
    contexts: Vec<C>,
    job: impl Fn(&mut C, usize) -> R + Sync,
    progress: &mut dyn FnMut(usize),
) -> Vec<R>
where
    C: Send,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let work = |context: &mut C, progress: &mut dyn FnMut(usize)| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= jobs {
                break done;
            }
            done.push((index, job(context, index)));
            progress(finished.fetch_add(1, Ordering::Relaxed) + 1);
        }
    };
    let mut contexts = contexts.into_iter();
    let Some(mut first) = contexts.next() else {
        return Vec::new();
    };
    let mut results = std::thread::scope(|scope| {
        let helpers: Vec<_> = contexts
            .map(|mut context| scope.spawn(move || work(&mut context, &mut |_| {})))
            .collect();
        let mut all = work(&mut first, progress);
        for helper in helpers {
            all.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::in_order;

    #[test]
    fn results_come_back_in_job_order_with_progress() {
        let mut seen = Vec::new();
        let squares = in_order(
            100,
            vec![0u64, 0, 0],
            |calls, i| {
                *calls += 1;
                i * i
            },
            &mut |done| seen.push(done),
        );
        assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "progress only grows");
        assert!(in_order(0, vec![()], |_, i| i, &mut |_| {}).is_empty());
    }
}
