//! The intrusive doubly linked list of `enet/list.h`.
//!
//! A list is a sentinel node; an empty list's sentinel points at itself. C
//! programs may use the `enet_list_*` macros on the list heads embedded in the
//! public structs, so those heads are always kept valid.

/// A node of an intrusive list; embedded as the first field of list elements.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetListNode {
    /// Next node (the sentinel at the end).
    pub next: *mut _ENetListNode,
    /// Previous node (the sentinel at the start).
    pub previous: *mut _ENetListNode,
}
/// Typedef name of [`_ENetListNode`].
pub type ENetListNode = _ENetListNode;

/// A position in a list: a pointer to one of its nodes.
pub type ENetListIterator = *mut ENetListNode;

/// A list head: just the sentinel node.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct _ENetList {
    /// The sentinel; `sentinel.next` is the first element.
    pub sentinel: _ENetListNode,
}
/// Typedef name of [`_ENetList`].
pub type ENetList = _ENetList;
