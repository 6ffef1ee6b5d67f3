//! `enet_protocol_command_size`.

use crate::wire;

/// Size in bytes of a protocol command (header and fixed body, without
/// payload) for the command number in the low four bits of `commandNumber`;
/// 0 for NONE and numbers past the last command.
#[no_mangle]
pub extern "C" fn enet_protocol_command_size(commandNumber: u8) -> usize {
    wire::command_size(commandNumber)
}
