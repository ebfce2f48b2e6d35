//! Invariants of the funding model (issue 11) over generated projects.
