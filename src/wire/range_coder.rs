//! ENet's built-in packet compressor: an adaptive order-2 PPM model driving a
//! carry-less 32-bit range coder, byte-exact with upstream's.
//!
//! Byte-exactness matters because there is no negotiation: a stock ENet peer
//! with the range coder enabled must decode what we send and vice versa. So
//! every model update (tree insertion order, increments, rescaling, the model
//! reset when the symbol table fills up) follows upstream's documented
//! behaviour exactly, with its 16-bit wrap-around arithmetic.
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

/// Index of the root context (the order-0 model).
const ROOT: usize = 0;

/// One node of the model: a symbol in its context's binary search tree, and
/// at the same time the context of the bytes that follow that symbol.
///
/// `left`, `right` and `symbols` are offsets relative to this node (0 = none);
/// `parent` is the absolute index of the same symbol one order lower.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Symbol {
    value: u8,
    count: u8,
    under: u16,
    left: u16,
    right: u16,
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
    left: 0,
    right: 0,
    symbols: 0,
    escapes: 0,
    total: 0,
    parent: 0,
}; SYMBOL_CAPACITY];

/// Where the next symbol node found must be recorded: in `predicted`, or in
/// the `parent` field of the node found one order higher.
#[derive(Clone, Copy)]
enum Link {
    Predicted,
    ParentOf(usize),
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

    /// Starts over with just the root context.
    fn reset(&mut self) {
        self.next = 0;
        let root = self.create_symbol(0, 0);
        let node = &mut self.nodes[root];
        node.escapes = CONTEXT_ESCAPE_MINIMUM;
        node.total = CONTEXT_ESCAPE_MINIMUM + 256 * CONTEXT_SYMBOL_MINIMUM;
        node.symbols = 0;
        self.predicted = ROOT;
        self.order = 0;
    }

    fn create_symbol(&mut self, value: u8, increment: u16) -> usize {
        let index = self.next;
        self.next += 1;
        self.nodes[index] = Symbol {
            value,
            count: increment as u8,
            under: increment,
            ..Symbol::default()
        };
        index
    }

    fn set_link(&mut self, link: Link, node: usize) {
        match link {
            Link::Predicted => self.predicted = node,
            Link::ParentOf(child) => self.nodes[child].parent = node as u16,
        }
    }

    fn child(&self, node: usize, offset: u16) -> usize {
        node + offset as usize
    }

    /// Finds `value` in `context` for encoding, inserting it if absent, and
    /// applies the symbol increment. Returns the cumulative count below the
    /// value, its count (both before the increment) and its node.
    #[inline(always)]
    fn encode_lookup(
        &mut self,
        context: usize,
        value: u8,
        increment: u16,
        minimum: u16,
    ) -> (u16, u16, usize) {
        let mut under = (value as u16).wrapping_mul(minimum);
        let mut count = minimum;
        if self.nodes[context].symbols == 0 {
            let node = self.create_symbol(value, increment);
            self.nodes[context].symbols = (node - context) as u16;
            return (under, count, node);
        }
        let mut node = self.child(context, self.nodes[context].symbols);
        loop {
            // Work on the node in place: copying it each step costs more
            // than the walk itself.
            // (Plain comparisons: `Ord::cmp` compiles to slower code here.)
            let current = &mut self.nodes[node];
            if value < current.value {
                current.under = current.under.wrapping_add(increment);
                if current.left != 0 {
                    node += current.left as usize;
                    continue;
                }
                let created = self.create_symbol(value, increment);
                self.nodes[node].left = (created - node) as u16;
                return (under, count, created);
            } else if value > current.value {
                under = under.wrapping_add(current.under);
                if current.right != 0 {
                    node += current.right as usize;
                    continue;
                }
                let created = self.create_symbol(value, increment);
                self.nodes[node].right = (created - node) as u16;
                return (under, count, created);
            }
            count = count.wrapping_add(current.count as u16);
            under = under.wrapping_add(current.under.wrapping_sub(current.count as u16));
            current.under = current.under.wrapping_add(increment);
            current.count = current.count.wrapping_add(increment as u8);
            return (under, count, node);
        }
    }

    /// Halves the counts of a symbol tree (the node, its right spine and,
    /// recursively, their left subtrees); returns the new total.
    fn rescale_tree(&mut self, mut node: usize) -> u16 {
        let mut total: u16 = 0;
        loop {
            let count = self.nodes[node].count;
            let count = count - (count >> 1);
            self.nodes[node].count = count;
            let mut under = count as u16;
            let left = self.nodes[node].left;
            if left != 0 {
                under = under.wrapping_add(self.rescale_tree(self.child(node, left)));
            }
            self.nodes[node].under = under;
            total = total.wrapping_add(under);
            let right = self.nodes[node].right;
            if right == 0 {
                return total;
            }
            node = self.child(node, right);
        }
    }

    fn rescale(&mut self, context: usize, minimum: u16) {
        let symbols = self.nodes[context].symbols;
        let total = if symbols != 0 {
            self.rescale_tree(self.child(context, symbols))
        } else {
            0
        };
        let node = &mut self.nodes[context];
        node.escapes -= node.escapes >> 1;
        node.total = total.wrapping_add(node.escapes).wrapping_add(256 * minimum);
    }

    /// Counts a symbol (or escape) coded in a sub-context, rescaling if needed.
    fn finish_subcontext(&mut self, context: usize, count: u16) {
        let node = &mut self.nodes[context];
        node.total = node.total.wrapping_add(SUBCONTEXT_SYMBOL_DELTA);
        if count > SUBCONTEXT_COUNT_LIMIT || node.total > TOTAL_LIMIT {
            self.rescale(context, 0);
        }
    }

    /// Counts a symbol coded in the root context, rescaling if needed.
    fn finish_root(&mut self, count: u16) {
        let node = &mut self.nodes[ROOT];
        node.total = node.total.wrapping_add(CONTEXT_SYMBOL_DELTA);
        if count > ROOT_COUNT_LIMIT || node.total > TOTAL_LIMIT {
            self.rescale(ROOT, CONTEXT_SYMBOL_MINIMUM);
        }
    }

    /// Notes an escape from a sub-context that did not know the symbol.
    fn count_escape(&mut self, context: usize) {
        let node = &mut self.nodes[context];
        node.escapes = node.escapes.wrapping_add(SUBCONTEXT_ESCAPE_DELTA);
        node.total = node.total.wrapping_add(SUBCONTEXT_ESCAPE_DELTA);
    }

    /// Moves to the next byte's context, resetting the model when the table
    /// is nearly full.
    fn advance(&mut self) {
        if self.order >= SUBCONTEXT_ORDER {
            self.predicted = self.nodes[self.predicted].parent as usize;
        } else {
            self.order += 1;
        }
        if self.next >= SYMBOL_CAPACITY - SUBCONTEXT_ORDER as usize {
            self.reset();
        }
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
    let mut encoder = Encoder {
        low: 0,
        range: !0,
        out,
        len: 0,
    };
    for buffer in input {
        for &value in buffer {
            compress_byte(&mut model, &mut encoder, value)?;
            model.advance();
        }
    }
    encoder.flush()?;
    Some(encoder.len)
}

fn compress_byte(model: &mut Model<'_>, encoder: &mut Encoder<'_>, value: u8) -> Option<()> {
    let mut link = Link::Predicted;
    let mut context = model.predicted;
    while context != ROOT {
        let (under, count, node) = model.encode_lookup(context, value, SUBCONTEXT_SYMBOL_DELTA, 0);
        model.set_link(link, node);
        link = Link::ParentOf(node);
        let Symbol { escapes, total, .. } = model.nodes[context];
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
        context = model.nodes[context].parent as usize;
    }
    let (under, count, node) =
        model.encode_lookup(ROOT, value, CONTEXT_SYMBOL_DELTA, CONTEXT_SYMBOL_MINIMUM);
    model.set_link(link, node);
    let Symbol { escapes, total, .. } = model.nodes[ROOT];
    encoder.encode(escapes as u32 + under as u32, count as u32, total as u32)?;
    model.finish_root(count);
    Some(())
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
    while let Some(value) = decompress_byte(&mut model, &mut decoder)? {
        *out.get_mut(len)? = value;
        len += 1;
        model.advance();
    }
    Some(len)
}

/// Decodes one byte: `Some(Some(byte))`, `Some(None)` at the end of the
/// data (the root escape), `None` for malformed input.
fn decompress_byte(model: &mut Model<'_>, decoder: &mut Decoder<'_>) -> Option<Option<u8>> {
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
            match decode_in_root(model, decoder)? {
                Some((value, bottom)) => break (value, bottom, ROOT),
                None => return Some(None),
            }
        }
        let Symbol {
            escapes,
            total,
            parent,
            ..
        } = model.nodes[context];
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
        let (value, count, under, node) = find_in_subcontext(model, context, code - escapes)?;
        decoder.decode(escapes as u32 + under as u32, count as u32)?;
        model.finish_subcontext(context, count);
        break (value, node, context);
    };
    // The contexts above the one that knew the symbol escaped: give them the
    // same updates the compressor made while escaping through them.
    let mut link = Link::Predicted;
    let mut context = model.predicted;
    while context != found_in {
        let (_, count, node) = model.encode_lookup(context, value, SUBCONTEXT_SYMBOL_DELTA, 0);
        model.set_link(link, node);
        link = Link::ParentOf(node);
        if count == 0 {
            model.count_escape(context);
        }
        model.finish_subcontext(context, count);
        context = model.nodes[context].parent as usize;
    }
    model.set_link(link, bottom);
    Some(Some(value))
}

/// Walks a sub-context's tree to the symbol whose range holds `code`,
/// applying the decoder's increments. Returns value, count, cumulative count
/// below it, and node; `None` if the code falls outside the tree.
fn find_in_subcontext(
    model: &mut Model<'_>,
    context: usize,
    code: u16,
) -> Option<(u8, u16, u16, usize)> {
    let symbols = model.nodes[context].symbols;
    if symbols == 0 {
        return None;
    }
    let mut node = model.child(context, symbols);
    let mut accumulated: u16 = 0;
    loop {
        let current = model.nodes[node];
        let after = accumulated.wrapping_add(current.under);
        let before = current.count as u16;
        if code >= after {
            accumulated = accumulated.wrapping_add(current.under);
            if current.right == 0 {
                return None;
            }
            node = model.child(node, current.right);
        } else if code < after.wrapping_sub(before) {
            model.nodes[node].under = current.under.wrapping_add(SUBCONTEXT_SYMBOL_DELTA);
            if current.left == 0 {
                return None;
            }
            node = model.child(node, current.left);
        } else {
            let found = &mut model.nodes[node];
            found.under = current.under.wrapping_add(SUBCONTEXT_SYMBOL_DELTA);
            found.count = current.count.wrapping_add(SUBCONTEXT_SYMBOL_DELTA as u8);
            return Some((current.value, before, after.wrapping_sub(before), node));
        }
    }
}

/// Decodes a symbol in the root context, where every byte value has an
/// implicit minimum count and unseen values are created on the way. Returns
/// the value and its node, or `None` for the end-of-data escape.
fn decode_in_root(model: &mut Model<'_>, decoder: &mut Decoder<'_>) -> Option<Option<(u8, usize)>> {
    let Symbol {
        escapes,
        total,
        symbols,
        ..
    } = model.nodes[ROOT];
    let code = decoder.read(total)?;
    if code < escapes {
        decoder.decode(0, escapes as u32)?;
        return Some(None);
    }
    let code = code - escapes;
    let minimum = CONTEXT_SYMBOL_MINIMUM;
    let (value, count, under, node) = if symbols == 0 {
        let value = code as u8;
        let node = model.create_symbol(value, CONTEXT_SYMBOL_DELTA);
        model.nodes[ROOT].symbols = node as u16;
        (value, minimum, code, node)
    } else {
        let mut node = model.child(ROOT, symbols);
        let mut accumulated: u16 = 0;
        loop {
            let current = model.nodes[node];
            let after = accumulated
                .wrapping_add(current.under)
                .wrapping_add((current.value as u16 + 1).wrapping_mul(minimum));
            let before = (current.count as u16).wrapping_add(minimum);
            if code >= after {
                accumulated = accumulated.wrapping_add(current.under);
                if current.right != 0 {
                    node = model.child(node, current.right);
                    continue;
                }
                let value = current
                    .value
                    .wrapping_add(1)
                    .wrapping_add(code.wrapping_sub(after) as u8);
                let created = model.create_symbol(value, CONTEXT_SYMBOL_DELTA);
                model.nodes[node].right = (created - node) as u16;
                break (value, minimum, code, created);
            } else if code < after.wrapping_sub(before) {
                model.nodes[node].under = current.under.wrapping_add(CONTEXT_SYMBOL_DELTA);
                if current.left != 0 {
                    node = model.child(node, current.left);
                    continue;
                }
                let gap = after
                    .wrapping_sub(before)
                    .wrapping_sub(code)
                    .wrapping_sub(1);
                let value = current.value.wrapping_sub(1).wrapping_sub(gap as u8);
                let created = model.create_symbol(value, CONTEXT_SYMBOL_DELTA);
                model.nodes[node].left = (created - node) as u16;
                break (value, minimum, code, created);
            } else {
                let found = &mut model.nodes[node];
                found.under = current.under.wrapping_add(CONTEXT_SYMBOL_DELTA);
                found.count = current.count.wrapping_add(CONTEXT_SYMBOL_DELTA as u8);
                break (current.value, before, after.wrapping_sub(before), node);
            }
        }
    };
    decoder.decode(escapes as u32 + under as u32, count as u32)?;
    model.finish_root(count);
    Some(Some((value, node)))
}

#[cfg(test)]
mod tests;
