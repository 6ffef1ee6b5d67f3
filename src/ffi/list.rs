//! The intrusive list functions of `enet/list.h`.
//!
//! They operate on caller-owned nodes exactly as upstream's do; a NULL
//! argument is ignored (upstream would crash) and NULL is returned where the
//! function returns a node.

use core::ffi::c_void;
use core::ptr;

use crate::abi::{ENetList, ENetListIterator, ENetListNode};

/// Makes `list` empty (its sentinel points at itself). Elements are not freed.
/// NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn enet_list_clear(list: *mut ENetList) {
    if list.is_null() {
        return;
    }
    // SAFETY: `list` is a valid, writable list head (caller contract).
    unsafe {
        let sentinel = ptr::addr_of_mut!((*list).sentinel);
        (*sentinel).next = sentinel;
        (*sentinel).previous = sentinel;
    }
}

/// Inserts the node at `data` before `position`; returns the inserted node
/// (NULL, doing nothing, if either is NULL).
#[no_mangle]
pub unsafe extern "C" fn enet_list_insert(
    position: ENetListIterator,
    data: *mut c_void,
) -> ENetListIterator {
    let node = data.cast::<ENetListNode>();
    if position.is_null() || node.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: `position` is a node of a well-formed list and `data` points at
    // a writable node that is not in a list (caller contract).
    unsafe {
        (*node).previous = (*position).previous;
        (*node).next = position;
        (*(*node).previous).next = node;
        (*position).previous = node;
    }
    node
}

/// Unlinks the node at `position` and returns it (as a pointer to its data);
/// NULL for NULL.
#[no_mangle]
pub unsafe extern "C" fn enet_list_remove(position: ENetListIterator) -> *mut c_void {
    if position.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: `position` is an element of a well-formed list (caller contract).
    unsafe {
        (*(*position).previous).next = (*position).next;
        (*(*position).next).previous = (*position).previous;
    }
    position.cast()
}

/// Moves the run of nodes from `dataFirst` to `dataLast` (inclusive, in list
/// order) out of its list and in front of `position`; returns `dataFirst`
/// (NULL, doing nothing, if an argument is NULL).
#[no_mangle]
pub unsafe extern "C" fn enet_list_move(
    position: ENetListIterator,
    dataFirst: *mut c_void,
    dataLast: *mut c_void,
) -> ENetListIterator {
    let first = dataFirst.cast::<ENetListNode>();
    let last = dataLast.cast::<ENetListNode>();
    if position.is_null() || first.is_null() || last.is_null() {
        return ptr::null_mut();
    }
    // SAFETY: `first..=last` is a run of a well-formed list and `position` a
    // node of a well-formed list outside that run (caller contract).
    unsafe {
        (*(*first).previous).next = (*last).next;
        (*(*last).next).previous = (*first).previous;
        (*first).previous = (*position).previous;
        (*last).next = position;
        (*(*first).previous).next = first;
        (*position).previous = last;
    }
    first
}

/// Number of elements in `list` (0 for NULL).
#[no_mangle]
pub unsafe extern "C" fn enet_list_size(list: *mut ENetList) -> usize {
    if list.is_null() {
        return 0;
    }
    // SAFETY: `list` is a well-formed list head (caller contract).
    unsafe {
        let end = ptr::addr_of_mut!((*list).sentinel);
        let mut count = 0;
        let mut node = (*end).next;
        while node != end {
            count += 1;
            node = (*node).next;
        }
        count
    }
}
