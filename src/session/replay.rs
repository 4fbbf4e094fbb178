//! At start: committing what a closing app cut off (the journal's entries),
//! then forgetting old gate-tap marks.

use super::journal::{self, Change, Entry};
use super::write::observe_all;
use super::Session;
use crate::error::AppError;
use crate::lazy::{run_entry, split_entry, Entry as SplitEntry};
use crate::time::now_ms;
use domain::Stamp;

impl Session {
    /// At start, before anything else writes: commits what the journal
    /// still holds, then, in the background, forgets the gate taps counted
    /// over a day ago (see [`crate::storage::Writer::tap`]) — only if no entry
    /// is left, since an entry's replay needs its tap's mark.
    pub async fn recover(&self) {
        const DAY_MS: u64 = 24 * 60 * 60 * 1000;
        if !journal::keys().is_empty() {
            // What the journal holds may be committed by another tab of the
            // app meanwhile, without this one taking its writes' turn: the
            // frame read before is not trusted then.
            self.forget_early_frame();
            // The write path is in the event module, fetched at start only
            // when there is something to commit.
            let replayed: Result<(), AppError> =
                async { run_entry!(journal_replay(self.clone())) }.await;
            if let Err(e) = replayed {
                leptos::logging::warn!("journal: not replayed: {e}");
            }
        }
        if journal::keys().is_empty() {
            let session = self.clone();
            crate::after_start(move || {
                leptos::task::spawn_local(async move {
                    let before = now_ms().saturating_sub(DAY_MS);
                    if let Err(e) = session.forget_taps(before).await {
                        leptos::logging::warn!("forgetting old taps: {e}");
                    }
                });
            });
        }
    }

    /// Commits what the journal still holds: the taps a closing app may
    /// have cut off before their commit (see [`journal`]). Each entry is
    /// removed once committed; an unreadable or refused one is dropped
    /// (logged), and one that storage cannot take now stays for the next
    /// start — none stops the app from opening.
    pub async fn replay_journal(&self) {
        for key in journal::keys() {
            let result = match journal::read(&key) {
                // Another tab of the app replayed it meanwhile.
                None => continue,
                Some(None) => {
                    leptos::logging::warn!("journal: {key} unreadable, dropped");
                    Ok(())
                }
                Some(Some(Entry::Tap(tap))) => self.commit_tap(&tap).await.map(drop),
                Some(Some(Entry::Change(change))) => self.replay_change(change).await,
            };
            if let Err(e) = &result {
                leptos::logging::warn!("journal: {key} not replayed: {e}");
            }
            // Storage failing now may work next time; anything else never will.
            if !matches!(
                result,
                Err(AppError::StorageFull | AppError::StorageFailed(_))
            ) {
                journal::remove_key(&key);
            }
        }
    }

    /// Commits a journaled change again. Its records may well be stored
    /// already: merging them again changes nothing. The clock moves past
    /// their stamps and the clock that made them (the page that did may have
    /// died before saving it), then ticks, so this commit's outbox mark is
    /// its own.
    async fn replay_change(&self, change: Change) -> Result<(), AppError> {
        let turn = self.turn().await;
        let mut clock = self.inner.clock.borrow().clone();
        let made_by = Stamp {
            wall: change.clock.wall,
            counter: change.clock.counter,
            device: change.clock.device,
        };
        observe_all(&mut clock, &change.records);
        clock.observe(&made_by);
        clock.tick(now_ms());
        self.write_change(turn, Change { clock, ..change })
            .await
            .map(drop)
    }
}

split_entry!(
    event,
    fn journal_replay(session: Session) -> SplitEntry<()> {
        Ok(Box::pin(async move {
            session.replay_journal().await;
            Ok(())
        }))
    }
);
