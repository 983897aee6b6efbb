-- A subscription's pending timers are found by its id first: cancelling the kinds of its life
-- at each step and each renewal is then one search of the index, not one for each kind.
DROP INDEX timers_by_subject;
CREATE INDEX timers_by_subject ON timers (subject, kind) WHERE state = 'pending';
