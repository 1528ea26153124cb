//! Each ecosystem's own version syntax and ordering.
