//! ENet's built-in packet compressor: an adaptive order-2 PPM model driving a
//! carry-less 32-bit range coder, byte-exact with upstream's.
//!
//! Byte-exactness matters because there is no negotiation: a stock ENet peer
//! with the range coder enabled must decode what we send and vice versa. So
//! every model update (increments, rescaling, node creation and the model
//! reset when the symbol table fills up) follows upstream's documented
//! behaviour exactly, with its 16-bit wrap-around arithmetic.
//!
//! What reaches the output is each context's counts, not how they are
//! stored, so both directions splay the sub-contexts' trees (`Splay`),
//! which spares them the long walks down upstream's lopsided trees; the
//! decompressor finds the same symbols in them even on corrupt input (see
//! `Splay` for why). Both also keep the root context in arrays
//! (`RootIndex`); the decompressor turns them into upstream's root tree
//! (tree insertion order) once corrupt input could make its shape matter
//! (`RootDecoder`).
//!
//! Each call starts from an empty model: nothing carries over between
//! datagrams. The coder never panics and never allocates; on hostile input
//! decompression fails (returns `None`) rather than producing more than the
//! output limit, and its work is linear in the output size.

/// Number of symbol nodes in the model table (upstream's context size).
pub const SYMBOL_CAPACITY: usize = 4096;

const RANGE_TOP: u32 = 1 << 24;
const RANGE_BOTTOM: u32 = 1 << 16;

const CONTEXT_SYMBOL_DELTA: u16 = 3;
const CONTEXT_SYMBOL_MINIMUM: u16 = 1;
const CONTEXT_ESCAPE_MINIMUM: u16 = 1;
const SUBCONTEXT_ORDER: u32 = 2;
const SUBCONTEXT_SYMBOL_DELTA: u16 = 2;
const SUBCONTEXT_ESCAPE_DELTA: u16 = 5;

/// Rescale a sub-context when a coded count exceeds this.
const SUBCONTEXT_COUNT_LIMIT: u16 = 0xFF - 2 * SUBCONTEXT_SYMBOL_DELTA;
/// Rescale the root context when a coded count exceeds this.
const ROOT_COUNT_LIMIT: u16 = 0xFF - 2 * CONTEXT_SYMBOL_DELTA + CONTEXT_SYMBOL_MINIMUM;
/// Rescale any context whose total exceeds this.
const TOTAL_LIMIT: u16 = (RANGE_BOTTOM - 0x100) as u16;

/// Reference to the root context (the order-0 model); see [`Symbol`].
const ROOT: usize = 0;

/// Node indices are always below [`SYMBOL_CAPACITY`] (nodes are only created
/// through [`Model::create_symbol`], whose indexing is checked); masking an
/// index with this is a no-op that lets the compiler drop the bounds checks
/// from the tree walks.
const INDEX_MASK: usize = SYMBOL_CAPACITY - 1;

/// A node reference (see [`Symbol`]) is the node's index times this.
const REFERENCE_SHIFT: u32 = 4;

/// A stored link as a reference with its unused bits cleared: a no-op on
/// any link the model stores, but it lets the compiler prove the walks in
/// bounds without a check or a mask per step.
#[inline(always)]
fn link_of(stored: u16) -> usize {
    stored as usize & (INDEX_MASK << REFERENCE_SHIFT)
}

/// Positions in [`Symbol::children`].
const LEFT: usize = 0;
const RIGHT: usize = 1;

/// One node of the model: a symbol in its context's binary search tree, and
/// at the same time the context of the bytes that follow that symbol.
///
/// All links are node references, 0 meaning none (node 0 is the root
/// context, never a child): `children` holds the left and right subtrees,
/// `symbols` the root of this context's tree, `parent` the same symbol one
/// order lower. A reference is the node's byte offset in the table (its
/// index times 16, which still fits in 16 bits): a tree walk is a chain of
/// dependent loads, and an offset saves the shift per step that an index
/// costs. Upstream links its trees with offsets relative to the node, an
/// internal detail: the decompressor's root tree is the same. There a node
/// only ever links to nodes created after it, so every walk ends; the
/// splayed sub-context trees (see `Splay`) stay trees of the context's
/// symbols, so their walks end too.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Symbol {
    value: u8,
    count: u8,
    under: u16,
    children: [u16; 2],
    symbols: u16,
    escapes: u16,
    total: u16,
    parent: u16,
}

/// The model table a compressor or decompressor works in.
pub type SymbolTable = [Symbol; SYMBOL_CAPACITY];

/// An empty model table, ready for [`compress`] and [`decompress`].
pub static EMPTY_TABLE: SymbolTable = [Symbol {
    value: 0,
    count: 0,
    under: 0,
    children: [0, 0],
    symbols: 0,
    escapes: 0,
    total: 0,
    parent: 0,
}; SYMBOL_CAPACITY];

/// Where a walk down a symbol tree stopped.
enum WalkEnd {
    /// At the node holding the value.
    Found(usize),
    /// At a node whose child on this side would hold the value but is missing.
    Missing(usize, usize),
}

/// Walks the root context's tree from `node` to the value whose range holds
/// `code` (every value counting [`CONTEXT_SYMBOL_MINIMUM`] extra), adding
/// the increment to the nodes passed on the left. Returns the counts of the
/// nodes passed on the right.
#[inline(always)]
fn root_walk(nodes: &mut SymbolTable, node: u16, code: u16) -> (u16, WalkEnd) {
    let minimum = CONTEXT_SYMBOL_MINIMUM;
    let mut node = link_of(node);
    let mut accumulated: u16 = 0;
    loop {
        let current = &mut nodes[node >> REFERENCE_SHIFT];
        let after = accumulated
            .wrapping_add(current.under)
            .wrapping_add((current.value as u16 + 1).wrapping_mul(minimum));
        let before = (current.count as u16).wrapping_add(minimum);
        let side = if code >= after {
            accumulated = accumulated.wrapping_add(current.under);
            RIGHT
        } else if code < after.wrapping_sub(before) {
            current.under = current.under.wrapping_add(CONTEXT_SYMBOL_DELTA);
            LEFT
        } else {
            return (accumulated, WalkEnd::Found(node));
        };
        let next = link_of(current.children[side]);
        if next == 0 {
            return (accumulated, WalkEnd::Missing(node, side));
        }
        node = next;
    }
}

/// The adaptive model: the node table and the allocation cursor.
struct Model<'t> {
    nodes: &'t mut SymbolTable,
    next: usize,
    predicted: usize,
    order: u32,
}

impl<'t> Model<'t> {
    fn new(nodes: &'t mut SymbolTable) -> Self {
        let mut model = Model {
            nodes,
            next: 0,
            predicted: 0,
            order: 0,
        };
        model.reset();
        model
    }

    /// The node `reference` refers to (see [`Symbol`] and [`INDEX_MASK`]).
    #[inline(always)]
    fn node(&mut self, reference: usize) -> &mut Symbol {
        &mut self.nodes[(reference >> REFERENCE_SHIFT) & INDEX_MASK]
    }

    /// Starts over with just the root context.
    fn reset(&mut self) {
        self.next = 0;
        let root = self.create_symbol(0, 0);
        let node = self.node(root);
        node.escapes = CONTEXT_ESCAPE_MINIMUM;
        node.total = CONTEXT_ESCAPE_MINIMUM + 256 * CONTEXT_SYMBOL_MINIMUM;
        node.symbols = 0;
        self.predicted = ROOT;
        self.order = 0;
    }

    #[inline(always)]
    fn create_symbol(&mut self, value: u8, increment: u16) -> usize {
        let index = self.next;
        self.next += 1;
        // Checked indexing: at most SUBCONTEXT_ORDER + 1 nodes are created
        // per byte and `advance` resets the model before the table can
        // overflow, so this never fails; it is what keeps every stored
        // reference within the table.
        self.nodes[index] = Symbol {
            value,
            count: increment as u8,
            under: increment,
            ..Symbol::default()
        };
        index << REFERENCE_SHIFT
    }

    /// Records `node`, coded for the current byte, as the parent of `above`,
    /// the node coded one order higher. The nodes of a byte form a chain
    /// whose head goes in the root's `parent` field (the root has no parent
    /// of its own), so starting with `above` = [`ROOT`] needs no special
    /// case; [`Model::advance`] takes the head from there.
    #[inline(always)]
    fn link(&mut self, above: usize, node: usize) {
        self.node(above).parent = node as u16;
    }

    /// Creates a symbol as the `side` child of `node`.
    #[inline(always)]
    fn attach(&mut self, node: usize, side: usize, value: u8, increment: u16) -> usize {
        let created = self.create_symbol(value, increment);
        self.node(node).children[side] = created as u16;
        created
    }

    /// Halves the counts of a symbol tree (the node, its right spine and,
    /// recursively, their left subtrees); returns the new total.
    fn rescale_tree(&mut self, mut node: usize) -> u16 {
        let mut total: u16 = 0;
        loop {
            let current = self.node(node);
            current.count -= current.count >> 1;
            let mut under = current.count as u16;
            let [left, right] = current.children;
            if left != 0 {
                under = under.wrapping_add(self.rescale_tree(left as usize));
            }
            self.node(node).under = under;
            total = total.wrapping_add(under);
            if right == 0 {
                return total;
            }
            node = right as usize;
        }
    }

    /// Rare (when counts grow large), so kept out of the coding loops.
    #[inline(never)]
    fn rescale(&mut self, context: usize, minimum: u16) {
        let symbols = self.node(context).symbols;
        let total = if symbols != 0 {
            self.rescale_tree(symbols as usize)
        } else {
            0
        };
        let node = self.node(context);
        node.escapes -= node.escapes >> 1;
        node.total = total.wrapping_add(node.escapes).wrapping_add(256 * minimum);
    }

    /// Counts a symbol (or escape) coded in a sub-context, rescaling if needed.
    #[inline(always)]
    fn finish_subcontext(&mut self, context: usize, count: u16) {
        let node = self.node(context);
        node.total = node.total.wrapping_add(SUBCONTEXT_SYMBOL_DELTA);
        if count > SUBCONTEXT_COUNT_LIMIT || node.total > TOTAL_LIMIT {
            self.rescale(context, 0);
        }
    }

    /// Counts a symbol coded in the root context, rescaling if needed.
    #[inline(always)]
    fn finish_root(&mut self, count: u16) {
        let node = self.node(ROOT);
        node.total = node.total.wrapping_add(CONTEXT_SYMBOL_DELTA);
        if count > ROOT_COUNT_LIMIT || node.total > TOTAL_LIMIT {
            self.rescale(ROOT, CONTEXT_SYMBOL_MINIMUM);
        }
    }

    /// Notes an escape from a sub-context that did not know the symbol.
    #[inline(always)]
    fn count_escape(&mut self, context: usize) {
        let node = self.node(context);
        node.escapes = node.escapes.wrapping_add(SUBCONTEXT_ESCAPE_DELTA);
        node.total = node.total.wrapping_add(SUBCONTEXT_ESCAPE_DELTA);
    }

    /// Moves to the next byte's context, resetting the model when the table
    /// is nearly full.
    /// Returns whether it reset the model.
    #[inline(always)]
    fn advance(&mut self) -> bool {
        let head = self.node(ROOT).parent as usize;
        if self.order >= SUBCONTEXT_ORDER {
            self.predicted = self.node(head).parent as usize;
        } else {
            self.predicted = head;
            self.order += 1;
        }
        if self.next >= SYMBOL_CAPACITY - SUBCONTEXT_ORDER as usize {
            self.reset();
            return true;
        }
        false
    }
}

/// The encoding half of the range coder, writing into a bounded buffer.
struct Encoder<'o> {
    low: u32,
    range: u32,
    out: &'o mut [u8],
    len: usize,
}

impl Encoder<'_> {
    /// Emits one byte; `None` once the output limit is exceeded.
    fn emit(&mut self, byte: u8) -> Option<()> {
        *self.out.get_mut(self.len)? = byte;
        self.len += 1;
        Some(())
    }

    fn encode(&mut self, under: u32, count: u32, total: u32) -> Option<()> {
        self.range /= total;
        self.low = self.low.wrapping_add(under.wrapping_mul(self.range));
        self.range = self.range.wrapping_mul(count);
        loop {
            if self.low ^ self.low.wrapping_add(self.range) >= RANGE_TOP {
                if self.range >= RANGE_BOTTOM {
                    return Some(());
                }
                self.range = self.low.wrapping_neg() & (RANGE_BOTTOM - 1);
            }
            self.emit((self.low >> 24) as u8)?;
            self.range <<= 8;
            self.low <<= 8;
        }
    }

    fn flush(&mut self) -> Option<()> {
        while self.low != 0 {
            self.emit((self.low >> 24) as u8)?;
            self.low <<= 8;
        }
        Some(())
    }
}

/// Compresses the concatenation of the `input` buffers into `out`. Returns the
/// compressed length, or `None` if the input is empty or the output does not
/// fit in `out` (ENet then sends the datagram uncompressed).
pub fn compress<'a, I>(table: &mut SymbolTable, input: I, out: &mut [u8]) -> Option<usize>
where
    I: IntoIterator<Item = &'a [u8]>,
    I::IntoIter: Clone,
{
    let input = input.into_iter();
    if input.clone().all(|buffer| buffer.is_empty()) {
        return None;
    }
    let mut model = Model::new(table);
    let mut root = RootIndex::new();
    let mut splay = Splay::new();
    let mut encoder = Encoder {
        low: 0,
        range: !0,
        out,
        len: 0,
    };
    for buffer in input {
        for &value in buffer {
            compress_byte(&mut model, &mut root, &mut splay, &mut encoder, value)?;
            if model.advance() {
                root.clear();
            }
        }
    }
    encoder.flush()?;
    Some(encoder.len)
}

#[inline(always)]
fn compress_byte(
    model: &mut Model<'_>,
    root: &mut RootIndex,
    splay: &mut Splay,
    encoder: &mut Encoder<'_>,
    value: u8,
) -> Option<()> {
    let mut above = ROOT;
    let mut context = model.predicted;
    while context != ROOT {
        let (under, count, node) = splay.lookup(model, context, value);
        model.link(above, node);
        above = node;
        let Symbol { escapes, total, .. } = *model.node(context);
        if count > 0 {
            encoder.encode(escapes as u32 + under as u32, count as u32, total as u32)?;
        } else {
            if escapes > 0 && escapes < total {
                encoder.encode(0, escapes as u32, total as u32)?;
            }
            model.count_escape(context);
        }
        model.finish_subcontext(context, count);
        if count > 0 {
            return Some(());
        }
        context = model.node(context).parent as usize;
    }
    let (under, count, node) = root.code(model, value);
    model.link(above, node);
    let Symbol { escapes, total, .. } = *model.node(ROOT);
    encoder.encode(escapes as u32 + under as u32, count as u32, total as u32)?;
    root.finish(model, count);
    Some(())
}

/// The sub-context lookups of both the compressor and the decompressor: the
/// same binary search trees as upstream's, with the same counts and `under`
/// sums (a node's count plus its left subtree's), but splayed: each lookup
/// rotates the symbol (or the symbol it inserts) to the top of its
/// context's tree.
///
/// As with [`RootIndex`], the shape of a tree never reaches the output,
/// only the sums do. Upstream inserts at the leaves, so values arriving in
/// order build spines that every later lookup walks node by node, each step
/// a dependent load; a splay tree keeps recently used and neighbouring
/// values near the top (a run of increasing values inserts each one right
/// below the root).
///
/// That holds for the decompressor too, even on corrupt input. It looks a
/// symbol up by code ([`Splay::find`]): the symbol whose cumulative range
/// holds the code. Every symbol of a sub-context counts at least 1 (it is
/// created with [`SUBCONTEXT_SYMBOL_DELTA`], incremented, and rescaled to
/// `count - count / 2`), so the ranges tile `[0, sum)` without gaps: a code
/// below the sum picks the same symbol in any tree of the context, and a
/// code at or above it is not found in any (which ends the decompression).
/// The sums cannot wrap: a sub-context holds at most 256 distinct values
/// (symbols are only inserted by value, [`Splay::lookup`]), each counting
/// at most 255 (a count is rescaled once it passes
/// [`SUBCONTEXT_COUNT_LIMIT`], four below). Node creation, which drives the
/// model reset, happens only when a value is inserted, whatever the shape.
/// The root context is different: there the decompressor creates values
/// from the code's position among the implicit counts, and on corrupt input
/// what it creates depends on upstream's tree, which it keeps.
///
/// This is Sleator's top-down splay. The nodes passed on the way down are
/// hung into two trees, of the values below and above the looked-up one,
/// which become the new top's subtrees. A node going to the lower tree keeps
/// its left subtree, so its `under`; a node going to the upper tree loses
/// from its left subtree whatever later goes to the lower tree or to the
/// top, which is only known at the end: `pending` lists those nodes, whose
/// `under` has the lower tree's sum at the time added, to be corrected by
/// the final sum. The current top's `under` stays exact on the way down,
/// and the lower tree holds exactly the symbols below the top's subtree, so
/// its sum is the `accumulated` of upstream's walk: a search by code sees
/// the same ranges as upstream's. Wrapping operations keep the 16-bit
/// arithmetic modular, as upstream's, though nothing wraps.
struct Splay {
    /// The nodes hung into the upper tree during a lookup: at most all the
    /// other symbols of a context, so fewer than 256.
    pending: [u16; 256],
}

/// Where [`Splay::descend`] stopped: `top` is the node looked for (`found`)
/// or the last one compared, its subtrees not yet joined to the two trees.
struct Descent {
    top: usize,
    found: bool,
    /// The last node hung into each tree, where the next one goes.
    lower_last: usize,
    upper_last: usize,
    /// The counts of the nodes in the lower tree.
    lower_sum: u16,
    /// How many nodes `Splay::pending` lists.
    pending: usize,
}

impl Splay {
    fn new() -> Self {
        Splay { pending: [0; 256] }
    }

    /// Splays from `top` towards the key `compare` describes, until it finds
    /// the node or a missing child. `compare` tells on which side of a node
    /// the key lies (`Less`: left, `Greater`: right, `Equal`: this node),
    /// given the node and the counts of the context's symbols below the
    /// node's subtree. The two trees being assembled hang off
    /// the children of [`ROOT`] (unused: the root context is never in a
    /// tree, a link 0 meaning none): the lower tree off its right, the
    /// upper tree off its left, so hanging the first node needs no special
    /// case.
    #[inline(always)]
    fn descend(
        &mut self,
        model: &mut Model<'_>,
        mut top: usize,
        compare: impl Fn(&Symbol, u16) -> core::cmp::Ordering,
    ) -> Descent {
        use core::cmp::Ordering::{Equal, Greater, Less};
        model.node(ROOT).children = [0, 0];
        let mut lower_last = ROOT;
        let mut upper_last = ROOT;
        let mut lower_sum: u16 = 0;
        let mut pending = 0;
        let found = loop {
            let current = model.node(top);
            match compare(current, lower_sum) {
                Less => {
                    let mut child = link_of(current.children[LEFT]);
                    if child == 0 {
                        break false;
                    }
                    // The left child's subtree starts where `top`'s does.
                    let below = model.node(child);
                    if compare(below, lower_sum) == Less {
                        // Rotate right: the child takes `top`'s place.
                        let (child_right, child_under) = (below.children[RIGHT], below.under);
                        below.children[RIGHT] = top as u16;
                        let current = model.node(top);
                        current.children[LEFT] = child_right;
                        current.under = current.under.wrapping_sub(child_under);
                        top = child;
                        child = link_of(model.node(top).children[LEFT]);
                        if child == 0 {
                            break false;
                        }
                    }
                    // Hang `top` with its right subtree into the upper tree.
                    model.node(upper_last).children[LEFT] = top as u16;
                    upper_last = top;
                    let current = model.node(top);
                    current.under = current.under.wrapping_add(lower_sum);
                    self.pending[pending & 0xFF] = top as u16;
                    pending += 1;
                    top = child;
                }
                Greater => {
                    let top_under = current.under;
                    let mut child = link_of(current.children[RIGHT]);
                    if child == 0 {
                        break false;
                    }
                    // The right child's subtree starts after `top`'s count
                    // and left subtree.
                    let above = model.node(child);
                    if compare(above, lower_sum.wrapping_add(top_under)) == Greater {
                        // Rotate left: the child takes `top`'s place.
                        let child_left = above.children[LEFT];
                        above.children[LEFT] = top as u16;
                        above.under = above.under.wrapping_add(top_under);
                        model.node(top).children[RIGHT] = child_left;
                        top = child;
                        child = link_of(model.node(top).children[RIGHT]);
                        if child == 0 {
                            break false;
                        }
                    }
                    // Hang `top` with its left subtree into the lower tree.
                    model.node(lower_last).children[RIGHT] = top as u16;
                    lower_last = top;
                    lower_sum = lower_sum.wrapping_add(model.node(top).under);
                    top = child;
                }
                Equal => break true,
            }
        };
        Descent {
            top,
            found,
            lower_last,
            upper_last,
            lower_sum,
            pending,
        }
    }

    /// Joins `top`'s subtrees to the ends of the two trees and corrects the
    /// pending sums. Returns `top` as it was, the lower and upper trees, and
    /// the counts of everything below the upper tree's nodes that is not in
    /// it (the lower tree's and `top`'s own count and left subtree).
    #[inline(always)]
    fn assemble(&self, model: &mut Model<'_>, descent: &Descent) -> (Symbol, u16, u16, u16) {
        let current = *model.node(descent.top);
        model.node(descent.lower_last).children[RIGHT] = current.children[LEFT];
        model.node(descent.upper_last).children[LEFT] = current.children[RIGHT];
        let [upper, lower] = model.node(ROOT).children;
        let outside = descent.lower_sum.wrapping_add(current.under);
        for &node in &self.pending[..descent.pending.min(256)] {
            let node = model.node(node as usize);
            node.under = node.under.wrapping_sub(outside);
        }
        (current, lower, upper, outside)
    }

    /// Makes the node [`Splay::descend`] found the top of `context`'s tree
    /// and applies the symbol increment. Returns the sum of the counts below
    /// it and its count, both before the increment.
    #[inline(always)]
    fn finish_found(&self, model: &mut Model<'_>, context: usize, descent: &Descent) -> (u16, u16) {
        let increment = SUBCONTEXT_SYMBOL_DELTA;
        let (current, lower, upper, outside) = self.assemble(model, descent);
        let count = current.count as u16;
        let node = model.node(descent.top);
        node.children = [lower, upper];
        node.under = outside.wrapping_add(increment);
        node.count = node.count.wrapping_add(increment as u8);
        model.node(context).symbols = descent.top as u16;
        (outside.wrapping_sub(count), count)
    }

    /// Finds `value` in the sub-context `context`, inserting it if absent,
    /// and applies the symbol increment. Returns the sum of the counts below
    /// the value, its count (0 if it was absent; both before the increment)
    /// and its node, as upstream's lookup (which inserts at a leaf) does.
    #[inline(always)]
    fn lookup(&mut self, model: &mut Model<'_>, context: usize, value: u8) -> (u16, u16, usize) {
        let increment = SUBCONTEXT_SYMBOL_DELTA;
        let top = model.node(context).symbols as usize;
        if top == 0 {
            let created = model.create_symbol(value, increment);
            model.node(context).symbols = created as u16;
            return (0, 0, created);
        }
        let descent = self.descend(model, top, |node, _| value.cmp(&node.value));
        if descent.found {
            let (under, count) = self.finish_found(model, context, &descent);
            return (under, count, descent.top);
        }
        // The search ended at a neighbour with no child on the value's
        // side; the new symbol becomes the top, the neighbour its child.
        let (current, lower, upper, outside) = self.assemble(model, &descent);
        let top = descent.top;
        let created = model.create_symbol(value, increment);
        let (children, under) = if value < current.value {
            model.node(top).children = [0, upper];
            ([lower, top as u16], descent.lower_sum)
        } else {
            let node = model.node(top);
            node.children = [lower, 0];
            node.under = outside;
            ([top as u16, upper], outside)
        };
        let node = model.node(created);
        node.children = children;
        node.under = under.wrapping_add(increment);
        model.node(context).symbols = created as u16;
        (0, 0, created)
    }

    /// Finds the symbol of the sub-context `context` whose range holds
    /// `code` and applies the decoder's increment, as upstream's walk does
    /// (see above for why the shape does not matter). Returns value, count,
    /// cumulative count below it (both before the increment) and node;
    /// `None` if the code is at or above the sum of the counts.
    #[inline(always)]
    fn find(
        &mut self,
        model: &mut Model<'_>,
        context: usize,
        code: u16,
    ) -> Option<(u8, u16, u16, usize)> {
        use core::cmp::Ordering::{Equal, Greater, Less};
        let top = link_of(model.node(context).symbols);
        if top == 0 {
            return None;
        }
        let descent = self.descend(model, top, |node, below| {
            let after = below.wrapping_add(node.under);
            if code >= after {
                Greater
            } else if code < after.wrapping_sub(node.count as u16) {
                Less
            } else {
                Equal
            }
        });
        if !descent.found {
            // The decompression fails; the half-splayed tree is never
            // used again (the next call starts from an empty model).
            return None;
        }
        let (under, count) = self.finish_found(model, context, &descent);
        let value = model.node(descent.top).value;
        Some((value, count, under, descent.top))
    }
}

/// The compressor's root context, kept apart from the node table.
///
/// Only the counts matter to the output, not how they are stored: coding
/// a symbol takes its count and the sum of the counts of the smaller values
/// (`under`), and the node creations that drive the model reset happen when
/// a value is first seen. Upstream's root is a binary tree that data in
/// increasing order (sequence numbers, indices) turns into a long spine,
/// the walk down it a chain of dependent loads. Here every value's count
/// sits in an array, the sums below each value come from a Fenwick tree
/// (at most 8 independent loads), and each value's node, which is still
/// created in the table as upstream does because it is the context of the
/// byte that follows, is found through `nodes`. The decompressor uses it
/// too, until corrupt input makes it switch to upstream's tree (see
/// [`RootDecoder`]).
///
/// The arithmetic cannot wrap: a count stays at most 255 (it is rescaled
/// once it passes [`ROOT_COUNT_LIMIT`], three below), and all counts sum to
/// at most the context total, which is rescaled past [`TOTAL_LIMIT`]. So the
/// sums equal upstream's 16-bit ones exactly.
struct RootIndex {
    /// The count of each value, 0 for a value not seen (seen ones count at
    /// least 1: rescaling rounds up).
    counts: [u8; 256],
    /// Fenwick tree over `counts`: `sums[i]` holds the counts of the values
    /// `(i + 1) - lowbit(i + 1)` up to `i`.
    sums: [u16; 256],
    /// The node of each value seen (meaningless for the others).
    nodes: [u16; 256],
}

impl RootIndex {
    fn new() -> Self {
        RootIndex {
            counts: [0; 256],
            sums: [0; 256],
            nodes: [0; 256],
        }
    }

    /// Forgets every value, as the model reset does.
    fn clear(&mut self) {
        self.counts = [0; 256];
        self.sums = [0; 256];
    }

    /// The sum of the counts of the values below `value`.
    #[inline(always)]
    fn below(&self, value: u8) -> u16 {
        let mut end = value as usize;
        let mut sum: u16 = 0;
        while end > 0 {
            sum = sum.wrapping_add(self.sums[(end - 1) & 0xFF]);
            end &= end - 1;
        }
        sum
    }

    /// Adds `increment` to the count of `value` in the sums.
    #[inline(always)]
    fn add(&mut self, value: u8, increment: u16) {
        let mut end = value as usize + 1;
        while end <= 256 {
            let sum = &mut self.sums[(end - 1) & 0xFF];
            *sum = sum.wrapping_add(increment);
            end += end & end.wrapping_neg();
        }
    }

    /// Codes `value` in the root context, creating its node on its first
    /// occurrence, and applies the increment. Returns what upstream's lookup
    /// in its tree returns: the sum of the counts below the value (each
    /// value counting [`CONTEXT_SYMBOL_MINIMUM`] extra), the value's count
    /// (with the minimum; both before the increment) and its node.
    #[inline(always)]
    fn code(&mut self, model: &mut Model<'_>, value: u8) -> (u16, u16, usize) {
        let under = (value as u16 * CONTEXT_SYMBOL_MINIMUM).wrapping_add(self.below(value));
        let (count, node) = self.record(model, value);
        (under, count, node)
    }

    /// Counts `value` in the root context, creating its node on its first
    /// occurrence. Returns its count (with the minimum, before the
    /// increment) and its node.
    #[inline(always)]
    fn record(&mut self, model: &mut Model<'_>, value: u8) -> (u16, usize) {
        let seen = self.counts[value as usize];
        let node = if seen == 0 {
            let node = model.create_symbol(value, CONTEXT_SYMBOL_DELTA);
            self.nodes[value as usize] = node as u16;
            node
        } else {
            self.nodes[value as usize] as usize
        };
        self.counts[value as usize] = seen.wrapping_add(CONTEXT_SYMBOL_DELTA as u8);
        self.add(value, CONTEXT_SYMBOL_DELTA);
        (CONTEXT_SYMBOL_MINIMUM + seen as u16, node)
    }

    /// The value whose range holds `offset` (a code less the escapes, below
    /// the sum of all ranges: each value's count plus
    /// [`CONTEXT_SYMBOL_MINIMUM`]) and where its range starts: a descent
    /// through the Fenwick tree, 8 steps.
    #[inline(always)]
    fn find(&self, offset: u16) -> (u8, u16) {
        let mut value = 0usize;
        let mut rest = offset;
        let mut step = 128;
        while step > 0 {
            // The entry ending at `value + step` covers exactly the `step`
            // values from `value` on.
            let covered = self.sums[(value + step - 1) & 0xFF]
                .wrapping_add(step as u16 * CONTEXT_SYMBOL_MINIMUM);
            if rest >= covered {
                value += step;
                rest -= covered;
            }
            step >>= 1;
        }
        (value as u8, offset - rest)
    }

    /// Counts a symbol coded in the root context, as [`Model::finish_root`]
    /// does, rescaling the arrays instead of a tree.
    #[inline(always)]
    fn finish(&mut self, model: &mut Model<'_>, count: u16) {
        let context = model.node(ROOT);
        context.total = context.total.wrapping_add(CONTEXT_SYMBOL_DELTA);
        if count > ROOT_COUNT_LIMIT || context.total > TOTAL_LIMIT {
            self.rescale(model);
        }
    }

    /// The highest value seen, if any.
    fn highest(&self) -> Option<u8> {
        self.counts
            .iter()
            .rposition(|&count| count > 0)
            .map(|value| value as u8)
    }

    /// Builds the tree upstream would have for the values seen: its nodes
    /// inserted at the leaves in the order they were created (which their
    /// indices follow), each with its count, and with `under` its count plus
    /// its left subtree's. At most 256 insertions of at most 256 steps.
    #[inline(never)]
    fn build_tree(&self, model: &mut Model<'_>) {
        let mut order = [0u16; 256];
        let mut seen = 0;
        for (&count, &node) in self.counts.iter().zip(&self.nodes) {
            if count > 0 {
                order[seen & 0xFF] = node;
                seen += 1;
            }
        }
        let order = &mut order[..seen.min(256)];
        order.sort_unstable();
        model.node(ROOT).symbols = 0;
        for &node in order.iter() {
            let created = model.node(node as usize);
            let value = created.value;
            let count = self.counts[value as usize];
            created.count = count;
            created.under = count as u16;
            created.children = [0, 0];
            let mut at = link_of(model.node(ROOT).symbols);
            if at == 0 {
                model.node(ROOT).symbols = node;
                continue;
            }
            loop {
                let current = model.node(at);
                let side = if value < current.value {
                    current.under = current.under.wrapping_add(count as u16);
                    LEFT
                } else {
                    RIGHT
                };
                let next = link_of(current.children[side]);
                if next == 0 {
                    current.children[side] = node;
                    break;
                }
                at = next;
            }
        }
    }

    /// Halves the counts as [`Model::rescale`] does the tree's.
    #[inline(never)]
    fn rescale(&mut self, model: &mut Model<'_>) {
        let mut total: u16 = 0;
        for (count, sum) in self.counts.iter_mut().zip(&mut self.sums) {
            *count -= *count >> 1;
            *sum = *count as u16;
            total = total.wrapping_add(*count as u16);
        }
        // Each entry passes its sum on to the next one covering it.
        for index in 0..256 {
            let covering = index | (index + 1);
            if covering < 256 {
                self.sums[covering] = self.sums[covering].wrapping_add(self.sums[index]);
            }
        }
        let node = model.node(ROOT);
        node.escapes -= node.escapes >> 1;
        node.total = total
            .wrapping_add(node.escapes)
            .wrapping_add(256 * CONTEXT_SYMBOL_MINIMUM);
    }
}

/// The decoding half of the range coder, reading a bounded input.
struct Decoder<'i> {
    low: u32,
    code: u32,
    range: u32,
    input: &'i [u8],
    position: usize,
}

impl Decoder<'_> {
    /// The next input byte; past the end the input reads as zeros.
    fn next_byte(&mut self) -> u32 {
        let byte = self.input.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        byte as u32
    }

    /// Narrows the range to `total` parts and returns the part the code falls
    /// in. `None` for a degenerate range (hostile input).
    fn read(&mut self, total: u16) -> Option<u16> {
        if total == 0 {
            return None;
        }
        self.range /= total as u32;
        if self.range == 0 {
            return None;
        }
        Some((self.code.wrapping_sub(self.low) / self.range) as u16)
    }

    fn decode(&mut self, under: u32, count: u32) -> Option<()> {
        self.low = self.low.wrapping_add(under.wrapping_mul(self.range));
        self.range = self.range.wrapping_mul(count);
        if self.range == 0 {
            return None;
        }
        loop {
            if self.low ^ self.low.wrapping_add(self.range) >= RANGE_TOP {
                if self.range >= RANGE_BOTTOM {
                    return Some(());
                }
                self.range = self.low.wrapping_neg() & (RANGE_BOTTOM - 1);
                if self.range == 0 {
                    return None;
                }
            }
            self.code = (self.code << 8) | self.next_byte();
            self.range <<= 8;
            self.low <<= 8;
        }
    }
}

/// Decompresses `input` into `out`. Returns the decompressed length, or
/// `None` if the input is empty, malformed, or decodes to more than
/// `out.len()` bytes.
pub fn decompress(table: &mut SymbolTable, input: &[u8], out: &mut [u8]) -> Option<usize> {
    if input.is_empty() {
        return None;
    }
    let mut model = Model::new(table);
    let mut decoder = Decoder {
        low: 0,
        code: 0,
        range: !0,
        input,
        position: 0,
    };
    for _ in 0..4 {
        decoder.code = (decoder.code << 8) | decoder.next_byte();
    }
    let mut len = 0;
    let mut splay = Splay::new();
    let mut root = RootDecoder {
        index: RootIndex::new(),
        tree: false,
    };
    while let Some(value) = decompress_byte(&mut model, &mut root, &mut splay, &mut decoder)? {
        *out.get_mut(len)? = value;
        len += 1;
        if model.advance() {
            root.index.clear();
            root.tree = false;
        }
    }
    Some(len)
}

/// Decodes one byte: `Some(Some(byte))`, `Some(None)` at the end of the
/// data (the root escape), `None` for malformed input.
#[inline(always)]
fn decompress_byte(
    model: &mut Model<'_>,
    root: &mut RootDecoder,
    splay: &mut Splay,
    decoder: &mut Decoder<'_>,
) -> Option<Option<u8>> {
    let mut context = model.predicted;
    // A context chain is at most SUBCONTEXT_ORDER long; more means a corrupt
    // model, which only hostile input could build.
    let mut steps = 0;
    let (value, bottom, found_in) = loop {
        steps += 1;
        if steps > SUBCONTEXT_ORDER + 2 {
            return None;
        }
        if context == ROOT {
            match decode_in_root(model, root, decoder)? {
                Some((value, bottom)) => break (value, bottom, ROOT),
                None => return Some(None),
            }
        }
        let Symbol {
            escapes,
            total,
            parent,
            ..
        } = *model.node(context);
        if escapes == 0 || escapes >= total {
            context = parent as usize;
            continue;
        }
        let code = decoder.read(total)?;
        if code < escapes {
            decoder.decode(0, escapes as u32)?;
            context = parent as usize;
            continue;
        }
        let (value, count, under, node) = splay.find(model, context, code - escapes)?;
        decoder.decode(escapes as u32 + under as u32, count as u32)?;
        model.finish_subcontext(context, count);
        break (value, node, context);
    };
    // The contexts above the one that knew the symbol escaped: give them the
    // same updates the compressor made while escaping through them, with
    // the compressor's own lookup (on corrupt input the symbol may be there
    // after all; it then gets the increment, as upstream's does).
    let mut above = ROOT;
    let mut context = model.predicted;
    while context != found_in {
        let (_, count, node) = splay.lookup(model, context, value);
        model.link(above, node);
        above = node;
        if count == 0 {
            model.count_escape(context);
        }
        model.finish_subcontext(context, count);
        context = model.node(context).parent as usize;
    }
    model.link(above, bottom);
    Some(Some(value))
}

/// The decompressor's root context: a [`RootIndex`], as the compressor's,
/// for as long as that gives upstream's results, then upstream's tree.
///
/// While every value upstream created in its root tree was inserted in
/// order (a search tree of distinct values, the ordinary case), its walk
/// picks the value whose range holds the code, every value counting its
/// count plus [`CONTEXT_SYMBOL_MINIMUM`]: those ranges tile the context's
/// total (less the escapes), so which value, its count and range, and
/// whether it is created (if unseen) do not depend on the tree's shape, and
/// [`RootIndex::find`] gives them. The tree's shape only matters on corrupt
/// input, for a code at or above the total (see [`decode_in_root`]); the
/// first time it would, the arrays are turned into upstream's tree
/// ([`RootIndex::build_tree`]), which then serves until the model resets.
/// That costs at most 256 insertions of at most 256 steps, once per model
/// (every 1364 bytes of output at least), so the work stays linear.
struct RootDecoder {
    index: RootIndex,
    /// Whether the root context is upstream's tree (`Symbol::symbols` of
    /// [`ROOT`]) rather than `index`.
    tree: bool,
}

/// Decodes a symbol in the root context, where every byte value has an
/// implicit minimum count and unseen values are created on the way. Returns
/// the value and its node, or `None` for the end-of-data escape.
///
/// On corrupt input the code can fall at or above the context's total.
/// Upstream's walk then goes right all the way, to the node of the highest
/// value, and creates there as its right child the value `offset - sum`
/// (the offset less the counts' sum, in 8 bits: its value plus one plus how
/// far past the node's range the code is). Above the highest value that
/// keeps the tree a search tree, as an ordinary creation would; otherwise
/// the value is out of order or a duplicate, the tree is no longer a search
/// tree, and the decoder switches to upstream's tree and walk.
#[inline(always)]
fn decode_in_root(
    model: &mut Model<'_>,
    root: &mut RootDecoder,
    decoder: &mut Decoder<'_>,
) -> Option<Option<(u8, usize)>> {
    let Symbol { escapes, total, .. } = *model.node(ROOT);
    let code = decoder.read(total)?;
    if code < escapes {
        decoder.decode(0, escapes as u32)?;
        return Some(None);
    }
    let offset = code - escapes;
    if root.tree {
        return decode_in_tree(model, decoder, escapes, offset);
    }
    let (value, under) = if code < total {
        root.index.find(offset)
    } else {
        // Corrupt input (see above); the sum cannot wrap (see `RootIndex`).
        let sum = total
            .wrapping_sub(escapes)
            .wrapping_sub(256 * CONTEXT_SYMBOL_MINIMUM);
        let value = offset.wrapping_sub(sum) as u8;
        if root.index.highest().is_some_and(|highest| value <= highest) {
            root.index.build_tree(model);
            root.tree = true;
            return decode_in_tree(model, decoder, escapes, offset);
        }
        // Upstream's code counts as the value's start (its count is the
        // minimum).
        (value, offset)
    };
    let (count, node) = root.index.record(model, value);
    decoder.decode(escapes as u32 + under as u32, count as u32)?;
    root.index.finish(model, count);
    Some(Some((value, node)))
}

/// Decodes a symbol in upstream's root tree, given the code less the
/// escapes, as upstream does.
#[inline(never)]
fn decode_in_tree(
    model: &mut Model<'_>,
    decoder: &mut Decoder<'_>,
    escapes: u16,
    code: u16,
) -> Option<Option<(u8, usize)>> {
    let symbols = model.node(ROOT).symbols;
    let minimum = CONTEXT_SYMBOL_MINIMUM;
    let (value, count, under, node) = if symbols == 0 {
        let value = code as u8;
        let node = model.create_symbol(value, CONTEXT_SYMBOL_DELTA);
        model.node(ROOT).symbols = node as u16;
        (value, minimum, code, node)
    } else {
        let (accumulated, end) = root_walk(model.nodes, symbols, code);
        // `after` and `before` as the walk saw them at the node it ended on.
        let after_at = |current: &Symbol, under: u16| {
            accumulated
                .wrapping_add(under)
                .wrapping_add((current.value as u16 + 1).wrapping_mul(minimum))
        };
        match end {
            WalkEnd::Found(node) => {
                let current = model.node(node);
                let after = after_at(current, current.under);
                let before = (current.count as u16).wrapping_add(minimum);
                current.under = current.under.wrapping_add(CONTEXT_SYMBOL_DELTA);
                current.count = current.count.wrapping_add(CONTEXT_SYMBOL_DELTA as u8);
                (current.value, before, after.wrapping_sub(before), node)
            }
            // The code falls among the implicit counts of the values between
            // the node and its missing child: create that value there.
            WalkEnd::Missing(node, side) => {
                let current = model.node(node);
                let value = if side == RIGHT {
                    // The walk already added this node's counts.
                    let after = after_at(current, 0);
                    current
                        .value
                        .wrapping_add(1)
                        .wrapping_add(code.wrapping_sub(after) as u8)
                } else {
                    // The walk already gave this node the increment.
                    let under = current.under.wrapping_sub(CONTEXT_SYMBOL_DELTA);
                    let after = after_at(current, under);
                    let before = (current.count as u16).wrapping_add(minimum);
                    let gap = after
                        .wrapping_sub(before)
                        .wrapping_sub(code)
                        .wrapping_sub(1);
                    current.value.wrapping_sub(1).wrapping_sub(gap as u8)
                };
                (
                    value,
                    minimum,
                    code,
                    model.attach(node, side, value, CONTEXT_SYMBOL_DELTA),
                )
            }
        }
    };
    decoder.decode(escapes as u32 + under as u32, count as u32)?;
    model.finish_root(count);
    Some(Some((value, node)))
}

#[cfg(test)]
mod tests;
