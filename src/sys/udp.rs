//! The host socket: creation with upstream's options, and batched datagram
//! I/O (`recvmmsg`/`sendmmsg` on Linux: one system call for many datagrams).

use core::mem::{size_of, zeroed, MaybeUninit};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::abi::{
    ENetAddress, ENetSocket, ENetSocketOption, ENET_HOST_RECEIVE_BUFFER_SIZE,
    ENET_HOST_SEND_BUFFER_SIZE,
};
use crate::sys::socket::{self, SocketKind};

/// Datagrams handled per system call.
pub const BATCH: usize = 32;
/// Receive buffer per datagram: ENet's largest MTU. Longer datagrams are
/// truncated by the kernel and skipped.
pub const DATAGRAM_CAPACITY: usize = 4096;

/// Creates a host's UDP socket as upstream does: bound to `address` if
/// given, non-blocking, broadcast allowed, 256 KiB buffers. Returns the
/// socket and its local address (the real port when `address` asked for 0).
pub fn create_host_socket(address: Option<&ENetAddress>) -> Option<(ENetSocket, ENetAddress)> {
    let fd = socket::create(SocketKind::Datagram);
    if fd == crate::abi::ENET_SOCKET_NULL {
        return None;
    }
    if let Some(address) = address {
        if socket::bind(fd, Some(address)) < 0 {
            socket::destroy(fd);
            return None;
        }
    }
    use ENetSocketOption::*;
    socket::set_option(fd, ENET_SOCKOPT_NONBLOCK as u32, 1);
    socket::set_option(fd, ENET_SOCKOPT_BROADCAST as u32, 1);
    socket::set_option(
        fd,
        ENET_SOCKOPT_RCVBUF as u32,
        ENET_HOST_RECEIVE_BUFFER_SIZE as i32,
    );
    socket::set_option(
        fd,
        ENET_SOCKOPT_SNDBUF as u32,
        ENET_HOST_SEND_BUFFER_SIZE as i32,
    );
    let _ = enable_coalesced_receive(fd);
    let local = match address {
        Some(requested) => socket::local_address(fd).unwrap_or(*requested),
        None => ENetAddress::default(),
    };
    Some((fd, local))
}

/// A socket address in the kernel's layout.
#[derive(Clone, Copy)]
#[repr(C)]
union RawAddress {
    v4: libc::sockaddr_in,
    v6: libc::sockaddr_in6,
    storage: libc::sockaddr_storage,
}

fn to_raw(address: &SocketAddr) -> (RawAddress, libc::socklen_t) {
    // SAFETY: all-zero is a valid value of every member.
    let mut raw: RawAddress = unsafe { zeroed() };
    match address {
        SocketAddr::V4(v4) => {
            // SAFETY: writing the v4 member of a zeroed union.
            let sin = unsafe { &mut raw.v4 };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = v4.port().to_be();
            sin.sin_addr.s_addr = u32::from(*v4.ip()).to_be();
            (raw, size_of::<libc::sockaddr_in>() as libc::socklen_t)
        }
        SocketAddr::V6(v6) => {
            // SAFETY: writing the v6 member of a zeroed union.
            let sin6 = unsafe { &mut raw.v6 };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = v6.port().to_be();
            sin6.sin6_addr.s6_addr = v6.ip().octets();
            sin6.sin6_flowinfo = v6.flowinfo();
            sin6.sin6_scope_id = v6.scope_id();
            (raw, size_of::<libc::sockaddr_in6>() as libc::socklen_t)
        }
    }
}

fn from_raw(raw: &RawAddress) -> Option<SocketAddr> {
    // SAFETY: the family field is at the same place in every member, and
    // the member read is the one the family names.
    unsafe {
        match raw.storage.ss_family as i32 {
            libc::AF_INET => {
                let sin = raw.v4;
                let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
                Some(SocketAddr::V4(SocketAddrV4::new(
                    ip,
                    u16::from_be(sin.sin_port),
                )))
            }
            libc::AF_INET6 => {
                let sin6 = raw.v6;
                let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                Some(SocketAddr::V6(SocketAddrV6::new(
                    ip,
                    u16::from_be(sin6.sin6_port),
                    sin6.sin6_flowinfo,
                    sin6.sin6_scope_id,
                )))
            }
            _ => None,
        }
    }
}

fn errno() -> i32 {
    // SAFETY: __errno_location returns the calling thread's errno slot.
    // (Read directly: going through io::Error showed in idle-service profiles.)
    unsafe { *libc::__errno_location() }
}

/// Buffers for receiving a batch of datagrams, with the kernel's message
/// headers already pointing at them (set up once: rebuilding them for every
/// receive attempt cost more than an empty `recvmmsg`). The pointers lead
/// into the vectors' heap storage, so a `Buffers` may move.
///
/// Each message slot holds up to 64 KiB: with coalesced receive
/// (`UDP_GRO`) the kernel may hand over a run of same-size datagrams from
/// one sender as one message, which [`ReceiveBatch`] cuts back into the
/// datagrams. The storage is zeroed lazily by the system, so a slot that
/// only ever sees small datagrams costs about one page of memory.
struct Buffers {
    storage: Vec<u8>,
    addresses: Vec<RawAddress>,
    iovecs: Vec<libc::iovec>,
    messages: Vec<libc::mmsghdr>,
    /// Room for each message's control data (the coalesced segment size).
    controls: Vec<[u64; 4]>,
    /// The datagrams of the last batch: message slot, offset, length, and
    /// whether the kernel truncated it.
    datagrams: Vec<Segment>,
    /// How many leading message headers the kernel wrote to last time (it
    /// shrinks `msg_namelen` and `msg_controllen` of each message it
    /// delivers): only those need them restored before the next receive.
    written: usize,
}

/// One datagram inside a received message.
#[derive(Clone, Copy)]
struct Segment {
    message: u16,
    truncated: bool,
    offset: u32,
    length: u32,
}

/// Bytes per message slot: the largest coalesced message the kernel builds.
const MESSAGE_CAPACITY: usize = 65_536;
/// Socket option for coalesced receive (`linux/udp.h`).
const UDP_GRO: libc::c_int = 104;

/// Lets the kernel hand over runs of same-size datagrams from one sender as
/// one message (`UDP_GRO`), which [`ReceiveBatch`] cuts back into the
/// datagrams: far less per-datagram work when a peer sends fragments or a
/// stream of equal messages. Where the kernel lacks it, nothing changes.
/// Returns whether the kernel took the option.
pub fn enable_coalesced_receive(fd: ENetSocket) -> bool {
    let on: libc::c_int = 1;
    // SAFETY: plain setsockopt with a live int; failure leaves the socket as it was.
    let result = unsafe {
        libc::setsockopt(
            fd,
            SOL_UDP,
            UDP_GRO,
            (&on as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    result == 0
}

/// The segment size of a coalesced message, from its control data (0: one datagram).
fn segment_size(header: &libc::msghdr) -> usize {
    // SAFETY: the kernel filled `msg_control` with `msg_controllen` bytes of
    // well-formed control messages; the CMSG_* helpers walk them in bounds.
    unsafe {
        let mut control = libc::CMSG_FIRSTHDR(header);
        while !control.is_null() {
            if (*control).cmsg_level == SOL_UDP && (*control).cmsg_type == UDP_GRO {
                let size = libc::CMSG_DATA(control)
                    .cast::<libc::c_int>()
                    .read_unaligned();
                return usize::try_from(size).unwrap_or(0);
            }
            control = libc::CMSG_NXTHDR(header, control);
        }
    }
    0
}

impl Buffers {
    fn new() -> Self {
        let mut batch = Buffers {
            storage: vec![0; BATCH * MESSAGE_CAPACITY],
            // SAFETY: all-zero is a valid RawAddress, iovec and mmsghdr.
            addresses: vec![unsafe { zeroed() }; BATCH],
            // SAFETY: as above.
            iovecs: vec![unsafe { zeroed() }; BATCH],
            // SAFETY: as above.
            messages: vec![unsafe { zeroed() }; BATCH],
            controls: vec![[0; 4]; BATCH],
            datagrams: Vec::with_capacity(BATCH),
            written: BATCH,
        };
        for (index, slot) in batch.storage.chunks_exact_mut(MESSAGE_CAPACITY).enumerate() {
            batch.iovecs[index].iov_base = slot.as_mut_ptr().cast();
            batch.iovecs[index].iov_len = MESSAGE_CAPACITY;
            let header = &mut batch.messages[index].msg_hdr;
            header.msg_name = (&mut batch.addresses[index] as *mut RawAddress).cast();
            header.msg_iov = &mut batch.iovecs[index];
            header.msg_iovlen = 1;
            header.msg_control = batch.controls[index].as_mut_ptr().cast();
        }
        batch
    }
}

/// Idle receive buffers of this thread, shared by all its hosts: a host
/// holds buffers (2 MiB of address space, of which only the pages datagrams
/// were written to are resident) only while it is receiving, so a process with
/// dozens of hosts needs about one set per thread instead of one per host.
/// A few sets are kept so that hosts interleaving their receive passes (one
/// stopped at its receive limit, an intercept hook servicing another host)
/// do not allocate and free buffers every time.
const SPARE_BUFFERS: usize = 4;

thread_local! {
    // Boxed entries: a set changes hands by a pointer move (see `ReceiveBatch`).
    #[allow(clippy::vec_box)]
    static SPARE: core::cell::RefCell<Vec<Box<Buffers>>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// Receives datagrams in batches into buffers borrowed from the thread's
/// pool ([`ReceiveBatch::receive`] takes them, and gives them back when the
/// socket has nothing more or on [`ReceiveBatch::release`]).
pub struct ReceiveBatch {
    /// Boxed so that taking and returning it is a pointer move: an idle
    /// host does both on every service call.
    buffers: Option<Box<Buffers>>,
    count: usize,
    /// The first datagram of the last batch that [`ReceiveBatch::datagram`]
    /// index 0 stands for (past those a caller handled before it stopped).
    first: usize,
    /// The caller stopped early ([`ReceiveBatch::keep_unread`]): the next
    /// receive hands out the rest of the last batch before reading more.
    unread: bool,
    /// The last `recvmmsg` returned fewer datagrams than asked for: the
    /// socket was empty then, so the next receive reports nothing without
    /// asking the kernel again (that empty call was a second system call in
    /// every service pass that received something).
    drained: bool,
}

// SAFETY: the raw pointers in the buffers' headers point only into their own
// heap storage, which moves with them and is never shared; a batch is used
// by one thread at a time (buffers given back go to the pool of the thread
// that gives them back).
unsafe impl Send for ReceiveBatch {}

impl Default for ReceiveBatch {
    fn default() -> Self {
        Self::new()
    }
}

impl ReceiveBatch {
    /// An empty batch; it takes buffers on first use.
    pub fn new() -> Self {
        ReceiveBatch {
            buffers: None,
            count: 0,
            first: 0,
            unread: false,
            drained: false,
        }
    }

    /// Gives the buffers back to the thread's pool (the datagrams of the
    /// last batch are gone). The next [`ReceiveBatch::receive`] takes a set again.
    pub fn release(&mut self) {
        self.count = 0;
        self.first = 0;
        self.unread = false;
        self.drained = false;
        if let Some(buffers) = self.buffers.take() {
            // A pool already torn down (thread exit) drops the buffers instead.
            let _ = SPARE.try_with(|spare| {
                if let Ok(mut spare) = spare.try_borrow_mut() {
                    if spare.len() < SPARE_BUFFERS {
                        spare.push(buffers);
                    }
                }
            });
        }
    }

    fn buffers(&mut self) -> &mut Buffers {
        self.buffers.get_or_insert_with(|| {
            SPARE
                .try_with(|spare| spare.try_borrow_mut().ok()?.pop())
                .ok()
                .flatten()
                .unwrap_or_else(|| Box::new(Buffers::new()))
        })
    }

    /// Receives up to `limit` (at most [`BATCH`]) waiting datagrams without
    /// blocking. Returns how many arrived (0 if none was waiting), or an
    /// error for a socket failure; either of those gives the buffers back.
    ///
    /// After a batch that did not fill `limit`, the next call returns 0 at
    /// once: the kernel had no more then. A datagram arriving in between is
    /// read by the following call (the next service pass; the socket then
    /// reads as ready for a wait in between).
    pub fn receive(&mut self, fd: ENetSocket, limit: usize) -> std::io::Result<usize> {
        let limit = limit.min(BATCH);
        if std::mem::take(&mut self.unread) {
            // Time has passed since the kernel was last asked.
            self.drained = false;
            return Ok(self.count - self.first);
        }
        self.first = 0;
        if std::mem::take(&mut self.drained) {
            self.release();
            return Ok(0);
        }
        let buffers = self.buffers();
        for message in &mut buffers.messages[..buffers.written] {
            message.msg_hdr.msg_namelen = size_of::<RawAddress>() as libc::socklen_t;
            message.msg_hdr.msg_controllen = size_of::<[u64; 4]>();
        }
        buffers.written = 0;
        loop {
            // SAFETY: `messages[..limit]` point at live buffers and address
            // slots of these buffers, sized as declared (set up in
            // `Buffers::new`, whose heap storage has not moved since).
            let received = unsafe {
                libc::recvmmsg(
                    fd,
                    buffers.messages.as_mut_ptr(),
                    limit as u32,
                    libc::MSG_DONTWAIT,
                    core::ptr::null_mut(),
                )
            };
            if received < 0 {
                let result = match errno() {
                    libc::EAGAIN => Ok(0),
                    libc::EINTR => continue,
                    code => Err(std::io::Error::from_raw_os_error(code)),
                };
                self.release();
                return result;
            }
            let received = received as usize;
            buffers.written = received;
            buffers.datagrams.clear();
            for (index, message) in buffers.messages[..received].iter().enumerate() {
                let length = message.msg_len as usize;
                let truncated = message.msg_hdr.msg_flags & libc::MSG_TRUNC != 0;
                let size = match segment_size(&message.msg_hdr) {
                    0 => length.max(1),
                    size => size,
                };
                // A message of `length` bytes coalesced from datagrams of
                // `size` bytes (the last one possibly shorter); an empty
                // datagram is one segment of length 0.
                let mut offset = 0;
                loop {
                    let part = size.min(length - offset);
                    buffers.datagrams.push(Segment {
                        message: index as u16,
                        truncated,
                        offset: offset as u32,
                        length: part as u32,
                    });
                    offset += part;
                    if offset >= length {
                        break;
                    }
                }
            }
            self.count = buffers.datagrams.len();
            if received == 0 {
                self.release();
            } else {
                self.drained = received < limit;
            }
            return Ok(self.count);
        }
    }

    /// The caller handled only the first `handled` datagrams of what the
    /// last [`ReceiveBatch::receive`] returned and stops (an intercept hook
    /// produced an event): the rest stay for the next receive, which returns
    /// them first, so none is lost.
    pub fn keep_unread(&mut self, handled: usize) {
        self.first = (self.first + handled).min(self.count);
        self.unread = self.first < self.count;
    }

    /// Datagram `index` of the last batch: sender and bytes, or `None` if it
    /// was truncated (longer than ENet's maximum) or from an unknown family.
    pub fn datagram(&mut self, index: usize) -> Option<(SocketAddr, &mut [u8])> {
        let index = self.first + index;
        if index >= self.count {
            return None;
        }
        let buffers = self.buffers.as_mut()?;
        let segment = *buffers.datagrams.get(index)?;
        // Longer than ENet's largest datagram: skipped, as upstream, whose
        // receive buffer would have truncated it.
        if segment.truncated || segment.length as usize > DATAGRAM_CAPACITY {
            return None;
        }
        let message = usize::from(segment.message);
        let from = from_raw(&buffers.addresses[message])?;
        let start = message * MESSAGE_CAPACITY + segment.offset as usize;
        Some((
            from,
            &mut buffers.storage[start..start + segment.length as usize],
        ))
    }
}

/// Sends one datagram with `sendto`: the most common case (a ping-pong
/// exchange, an acknowledgement), where `sendmmsg`'s extra copying of the
/// message vector costs more than it batches.
fn send_one(fd: ENetSocket, address: &SocketAddr, bytes: &[u8]) -> std::io::Result<usize> {
    let (raw, length) = to_raw(address);
    loop {
        // SAFETY: `bytes` is a live slice sendto only reads; `raw` is a valid
        // socket address of `length` bytes.
        let result = unsafe {
            libc::sendto(
                fd,
                bytes.as_ptr().cast(),
                bytes.len(),
                libc::MSG_NOSIGNAL,
                (&raw as *const RawAddress).cast(),
                length,
            )
        };
        if result >= 0 {
            return Ok(1);
        }
        match errno() {
            libc::EINTR => continue,
            libc::EAGAIN => return Ok(0),
            code => return Err(std::io::Error::from_raw_os_error(code)),
        }
    }
}

/// Sends datagrams in batches. Returns the number handed to the kernel; a
/// full socket buffer (`EAGAIN`) drops the rest, as UDP may; other errors
/// are returned.
///
/// Runs of datagrams to one address that share a size (the fragments of a
/// large packet, a stream of equal messages) go out as one segmented send
/// (`UDP_SEGMENT`, generic segmentation offload) where the kernel supports
/// it: the kernel cuts them into the same datagrams, so nothing changes on
/// the wire, but the send path runs once per run instead of once per
/// datagram.
pub fn send_batch(fd: ENetSocket, datagrams: &[(SocketAddr, &[u8])]) -> std::io::Result<usize> {
    if let [(address, bytes)] = datagrams {
        return send_one(fd, address, bytes);
    }
    if !SEGMENTATION_UNAVAILABLE.load(Ordering::Relaxed) && has_run(datagrams) {
        return send_segmented(fd, datagrams);
    }
    send_each(fd, datagrams)
}

/// Socket level and option of segmentation offload (`linux/udp.h`).
const SOL_UDP: libc::c_int = 17;
const UDP_SEGMENT: libc::c_int = 103;
/// Most datagrams one segmented send may carry (the kernel's limit).
const SEGMENTS_PER_SEND: usize = 64;
/// Most bytes one segmented send may carry (an IP datagram's limit, less
/// room for headers).
const BYTES_PER_SEND: usize = 65_000;
/// Iovecs per `sendmmsg` call of segmented sends, kept modest because this
/// runs on the caller's stack (a C program's thread may have a small one).
const SEGMENTED_IOVECS: usize = 256;

/// Set once the kernel refused a segmented send (an old kernel, or a device
/// without checksum offload): everything then goes out datagram by datagram.
static SEGMENTATION_UNAVAILABLE: AtomicBool = AtomicBool::new(false);

/// The control message asking for segmentation into `size`-byte datagrams.
#[repr(C)]
#[derive(Clone, Copy)]
struct SegmentControl {
    header: libc::cmsghdr,
    size: u16,
    /// Spelled out so that every byte the kernel reads is initialised
    /// (CMSG_SPACE rounds the data up to 8 bytes).
    padding: [u8; 6],
}

const _: () = assert!(size_of::<SegmentControl>() == 24);

/// Whether the next datagram can join a run of `first`'s: the same address,
/// and no longer than the run's size (a shorter one ends the run).
fn joins(first: &(SocketAddr, &[u8]), next: &(SocketAddr, &[u8])) -> bool {
    next.0 == first.0 && next.1.len() <= first.1.len() && !next.1.is_empty()
}

/// Length of the run starting at `datagrams[0]`: datagrams to one address of
/// one size, the last possibly shorter, within the kernel's limits.
fn run_length(datagrams: &[(SocketAddr, &[u8])]) -> usize {
    let first = &datagrams[0];
    let size = first.1.len();
    if size == 0 || size > u16::MAX as usize {
        return 1;
    }
    let most = SEGMENTS_PER_SEND.min(BYTES_PER_SEND / size).max(1);
    let mut length = 1;
    while length < most && length < datagrams.len() && joins(first, &datagrams[length]) {
        length += 1;
        if datagrams[length - 1].1.len() < size {
            break;
        }
    }
    length
}

fn has_run(datagrams: &[(SocketAddr, &[u8])]) -> bool {
    datagrams.windows(2).any(|pair| joins(&pair[0], &pair[1]))
}

/// Sends with one message per run, each run a segmented send.
fn send_segmented(fd: ENetSocket, datagrams: &[(SocketAddr, &[u8])]) -> std::io::Result<usize> {
    let mut sent = 0;
    let mut next = 0;
    while next < datagrams.len() {
        // One sendmmsg call: up to BATCH runs within SEGMENTED_IOVECS iovecs.
        let mut iovecs = [MaybeUninit::<libc::iovec>::uninit(); SEGMENTED_IOVECS];
        let mut messages = [MaybeUninit::<libc::mmsghdr>::uninit(); BATCH];
        let mut addresses = [MaybeUninit::<RawAddress>::uninit(); BATCH];
        let mut controls = [MaybeUninit::<SegmentControl>::uninit(); BATCH];
        let mut runs = [0usize; BATCH];
        let (mut count, mut used) = (0, 0);
        let start = next;
        while next < datagrams.len() && count < BATCH {
            let length = run_length(&datagrams[next..]);
            if used + length > SEGMENTED_IOVECS {
                break;
            }
            let (raw, address_length) = to_raw(&datagrams[next].0);
            let address = addresses[count].write(raw);
            for (slot, (_, bytes)) in iovecs[used..used + length]
                .iter_mut()
                .zip(&datagrams[next..next + length])
            {
                slot.write(libc::iovec {
                    iov_base: bytes.as_ptr().cast_mut().cast(),
                    iov_len: bytes.len(),
                });
            }
            // SAFETY: all-zero is a valid mmsghdr (null pointers, zero lengths).
            let message = messages[count].write(unsafe { zeroed() });
            message.msg_hdr.msg_name = (address as *mut RawAddress).cast();
            message.msg_hdr.msg_namelen = address_length;
            // SAFETY: `used..used + length` were initialised just above.
            message.msg_hdr.msg_iov = unsafe { iovecs.as_mut_ptr().add(used).cast() };
            message.msg_hdr.msg_iovlen = length;
            if length > 1 {
                // SAFETY: all-zero is a valid cmsghdr; the fields are set below.
                let mut header: libc::cmsghdr = unsafe { zeroed() };
                header.cmsg_level = SOL_UDP;
                header.cmsg_type = UDP_SEGMENT;
                // SAFETY: CMSG_LEN only computes a length.
                header.cmsg_len = unsafe { libc::CMSG_LEN(size_of::<u16>() as u32) } as _;
                let control = controls[count].write(SegmentControl {
                    header,
                    size: datagrams[next].1.len() as u16,
                    padding: [0; 6],
                });
                message.msg_hdr.msg_control = (control as *mut SegmentControl).cast();
                // SAFETY: CMSG_SPACE only computes a length.
                message.msg_hdr.msg_controllen =
                    unsafe { libc::CMSG_SPACE(size_of::<u16>() as u32) } as _;
            }
            runs[count] = length;
            count += 1;
            used += length;
            next += length;
        }
        let messages = messages.as_mut_ptr().cast::<libc::mmsghdr>();
        let mut offset = 0;
        let mut done = start;
        while offset < count {
            // SAFETY: messages `..count` were initialised above and point at
            // live addresses, control messages and iovecs over the callers'
            // byte slices, which sendmmsg only reads.
            let result = unsafe {
                libc::sendmmsg(
                    fd,
                    messages.add(offset),
                    (count - offset) as u32,
                    libc::MSG_NOSIGNAL,
                )
            };
            if result < 0 {
                match errno() {
                    libc::EINTR => continue,
                    libc::EAGAIN => return Ok(sent),
                    // The kernel cannot segment: from now on, and for the
                    // rest of this call, one datagram at a time.
                    libc::EIO | libc::EINVAL | libc::ENOPROTOOPT | libc::EOPNOTSUPP
                        if runs[offset] > 1 =>
                    {
                        SEGMENTATION_UNAVAILABLE.store(true, Ordering::Relaxed);
                        return Ok(sent + send_each(fd, &datagrams[done..])?);
                    }
                    code => return Err(std::io::Error::from_raw_os_error(code)),
                }
            }
            for &length in &runs[offset..offset + result as usize] {
                sent += length;
                done += length;
            }
            offset += result as usize;
        }
    }
    Ok(sent)
}

/// Sends datagram by datagram, in `sendmmsg` batches.
fn send_each(fd: ENetSocket, datagrams: &[(SocketAddr, &[u8])]) -> std::io::Result<usize> {
    let mut sent = 0;
    for chunk in datagrams.chunks(BATCH) {
        // Only the entries this chunk uses are initialised: a service call
        // usually sends one or two datagrams, and clearing whole batches of
        // headers and 128-byte addresses cost more than the call itself.
        let mut iovecs = [MaybeUninit::<libc::iovec>::uninit(); BATCH];
        let mut messages = [MaybeUninit::<libc::mmsghdr>::uninit(); BATCH];
        let mut addresses = [MaybeUninit::<RawAddress>::uninit(); BATCH];
        for (index, (address, bytes)) in chunk.iter().enumerate() {
            let (raw, length) = to_raw(address);
            let address = addresses[index].write(raw);
            let iovec = iovecs[index].write(libc::iovec {
                iov_base: bytes.as_ptr().cast_mut().cast(),
                iov_len: bytes.len(),
            });
            // SAFETY: all-zero is a valid mmsghdr (null pointers, zero lengths).
            let message = messages[index].write(unsafe { zeroed() });
            message.msg_hdr.msg_name = (address as *mut RawAddress).cast();
            message.msg_hdr.msg_namelen = length;
            message.msg_hdr.msg_iov = iovec;
            message.msg_hdr.msg_iovlen = 1;
        }
        let messages = messages.as_mut_ptr().cast::<libc::mmsghdr>();
        let mut offset = 0;
        while offset < chunk.len() {
            // SAFETY: entries `..chunk.len()` were initialised above and
            // point at live addresses and at the callers' byte slices, which
            // sendmmsg only reads.
            let result = unsafe {
                libc::sendmmsg(
                    fd,
                    messages.add(offset),
                    (chunk.len() - offset) as u32,
                    libc::MSG_NOSIGNAL,
                )
            };
            if result < 0 {
                match errno() {
                    libc::EINTR => continue,
                    libc::EAGAIN => return Ok(sent),
                    code => return Err(std::io::Error::from_raw_os_error(code)),
                }
            }
            offset += result as usize;
            sent += result as usize;
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::UdpSocket;
    use std::os::fd::AsRawFd;

    fn run_lengths(datagrams: &[(SocketAddr, &[u8])]) -> Vec<usize> {
        let mut lengths = Vec::new();
        let mut next = 0;
        while next < datagrams.len() {
            let length = run_length(&datagrams[next..]);
            lengths.push(length);
            next += length;
        }
        lengths
    }

    #[test]
    fn runs_share_address_and_size_and_end_after_a_shorter_datagram() {
        let a: SocketAddr = "127.0.0.1:1000".parse().unwrap();
        let b: SocketAddr = "127.0.0.1:1001".parse().unwrap();
        let (full, short) = ([0u8; 1000], [0u8; 10]);
        let datagrams = [
            (a, &full[..]),
            (a, &full[..]),
            (a, &short[..]), // ends the run
            (a, &full[..]),
            (b, &full[..]), // another address
            (b, &full[..]),
        ];
        assert_eq!(run_lengths(&datagrams), [3, 1, 2]);
        // At most 64 datagrams and 65 000 bytes in one run.
        let many = vec![(a, &short[..]); 200];
        assert_eq!(run_lengths(&many), [64, 64, 64, 8]);
        let large = [0u8; 1200];
        let large = vec![(a, &large[..]); 100];
        assert_eq!(run_lengths(&large), [54, 46]);
    }

    /// Sent as segmented runs and received coalesced where the kernel does
    /// both, the batch comes out of `ReceiveBatch` as the same datagrams, in
    /// order, with oversized ones skipped.
    #[test]
    fn coalesced_runs_are_cut_back_into_the_datagrams() {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        let coalescing = enable_coalesced_receive(receiver.as_raw_fd());
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = receiver.local_addr().unwrap();
        let mut payloads: Vec<Vec<u8>> = (0..45u32)
            .map(|i| {
                let length = if i % 15 == 14 { 100 + i as usize } else { 1200 };
                (0..length).map(|j| (i as usize * 13 + j) as u8).collect()
            })
            .collect();
        // An empty datagram and one longer than ENet's maximum, at the end.
        payloads.push(Vec::new());
        payloads.push(vec![7; DATAGRAM_CAPACITY + 1]);
        let datagrams: Vec<(SocketAddr, &[u8])> =
            payloads.iter().map(|p| (to, p.as_slice())).collect();
        assert_eq!(
            send_batch(sender.as_raw_fd(), &datagrams).unwrap(),
            payloads.len()
        );
        let mut batch = ReceiveBatch::new();
        let mut got: Vec<Option<Vec<u8>>> = Vec::new();
        let mut coalesced = false;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while got.len() < payloads.len() && std::time::Instant::now() < deadline {
            let count = batch.receive(receiver.as_raw_fd(), BATCH).unwrap();
            // More datagrams than kernel messages: some arrived coalesced.
            coalesced |= batch
                .buffers
                .as_ref()
                .is_some_and(|buffers| count > buffers.written);
            for index in 0..count {
                got.push(batch.datagram(index).map(|(from, bytes)| {
                    assert_eq!(from, sender.local_addr().unwrap());
                    bytes.to_vec()
                }));
            }
        }
        assert_eq!(got.len(), payloads.len(), "every datagram accounted for");
        for (index, payload) in payloads.iter().enumerate().take(payloads.len() - 1) {
            assert_eq!(
                got[index].as_deref(),
                Some(&payload[..]),
                "datagram {index}"
            );
        }
        assert_eq!(
            got[payloads.len() - 1],
            None,
            "the oversized datagram is skipped"
        );
        assert_eq!(
            coalesced, coalescing,
            "runs arrive coalesced where the kernel offers it"
        );
    }

    /// Whatever way they leave (segmented where the kernel allows), the
    /// receiver gets the same datagrams, one by one, in order.
    #[test]
    fn a_batch_arrives_as_the_same_datagrams_in_order() {
        let receiver = UdpSocket::bind("127.0.0.1:0").unwrap();
        receiver
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let sender = UdpSocket::bind("127.0.0.1:0").unwrap();
        let to = receiver.local_addr().unwrap();
        // Few enough to fit the receiver's default socket buffer.
        let payloads: Vec<Vec<u8>> = (0..45u32)
            .map(|i| {
                // Runs of full-size datagrams broken by shorter ones.
                let length = if i % 15 == 14 { 100 + i as usize } else { 1200 };
                (0..length).map(|j| (i as usize * 7 + j) as u8).collect()
            })
            .collect();
        let datagrams: Vec<(SocketAddr, &[u8])> =
            payloads.iter().map(|p| (to, p.as_slice())).collect();
        assert_eq!(
            send_batch(sender.as_raw_fd(), &datagrams).unwrap(),
            payloads.len()
        );
        let mut buffer = [0u8; 4096];
        for (index, payload) in payloads.iter().enumerate() {
            let (length, from) = receiver.recv_from(&mut buffer).unwrap();
            assert_eq!(from, sender.local_addr().unwrap());
            assert_eq!(&buffer[..length], &payload[..], "datagram {index}");
        }
    }
}
