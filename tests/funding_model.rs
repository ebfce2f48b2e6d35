//! Regression tests of the funding model (issue 11), one per problem found.
