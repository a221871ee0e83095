//! The redacting writer: [`Redacting`] wraps a `tracing` [`MakeWriter`] so that every event is
//! collected whole and passed through [`redact`] before it reaches the sink. It decides when
//! text is passed on, never what is hidden (that is the parent's [`redact`]).

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

use super::redact;

/// A [`MakeWriter`] whose writers redact what they are given before passing it on.
///
/// Use it as the outermost writer, around every sink: `Redacting::new(std::io::stderr)`, or
/// around a tee of stderr and the files.
#[derive(Debug, Clone)]
pub struct Redacting<M> {
    inner: M,
}

impl<M> Redacting<M> {
    pub fn new(inner: M) -> Self {
        Self { inner }
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer())
    }

    fn make_writer_for(&'a self, meta: &tracing::Metadata<'_>) -> Self::Writer {
        RedactingWriter::new(self.inner.make_writer_for(meta))
    }
}

/// Past this much text without being dropped, a writer passes on its complete lines.
const MAX_PENDING: usize = 64 * 1024;

/// Collects what is written and passes it on redacted: all of it when dropped, complete lines
/// on `flush` (or when a lot has piled up). The formatter makes one writer per event, so an
/// event is redacted as one text however it was split into writes: a key cut in two, or a
/// value spread over lines (`{:#?}`), is still found. A partial line is never passed on before
/// the writer ends.
pub struct RedactingWriter<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> RedactingWriter<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
        }
    }

    /// Redacts and passes on the first `len` bytes collected.
    fn pass_on(&mut self, len: usize) -> io::Result<()> {
        let chunk: Vec<u8> = self.pending.drain(..len).collect();
        let text = redact(&String::from_utf8_lossy(&chunk));
        self.inner.write_all(text.as_bytes())
    }

    fn pass_on_lines(&mut self) -> io::Result<()> {
        match self.pending.iter().rposition(|&b| b == b'\n') {
            Some(end) => self.pass_on(end + 1),
            None => Ok(()),
        }
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() > MAX_PENDING {
            self.pass_on_lines()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.pass_on_lines()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        // Nobody is left to tell about a failed write (the formatter has returned).
        if !self.pending.is_empty() {
            let _ = self.pass_on(self.pending.len());
        }
        let _ = self.inner.flush();
    }
}

impl<W: Write> std::fmt::Debug for RedactingWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedactingWriter")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}
