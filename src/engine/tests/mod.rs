//! Engine scenario tests on the simulated network. Each test is named after
//! the upstream behaviour it pins.

mod sim;

mod scenarios;
