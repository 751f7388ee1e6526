//! Maps between 1-based line numbers and byte offsets of one text.

use std::ops::Range;

pub struct LineMap<'a> {
    data: &'a [u8],
    /// Offset of every `\n`.
    newlines: Vec<usize>,
}

impl<'a> LineMap<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        LineMap {
            data,
            newlines: memchr::memchr_iter(b'\n', data).collect(),
        }
    }

    /// Byte offset where 1-based `line` starts (clamped to the end of the text).
    pub fn line_start(&self, line: u32) -> usize {
        match line {
            0 | 1 => 0,
            n => self
                .newlines
                .get(n as usize - 2)
                .map_or(self.data.len(), |&nl| nl + 1),
        }
    }

    /// Bytes covering the half-open 1-based line range, newlines included.
    pub fn byte_range(&self, lines: &Range<u32>) -> Range<usize> {
        self.line_start(lines.start)..self.line_start(lines.end)
    }

    /// 1-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.newlines.partition_point(|&nl| nl < offset) + 1) as u32
    }

    /// The line containing `offset`, without its line terminator.
    pub fn line_around(&self, offset: usize) -> Range<usize> {
        let start = self.line_start(self.line_of(offset));
        let mut end = memchr::memchr(b'\n', &self.data[offset..]).map_or(self.data.len(), |i| offset + i);
        if end > start && self.data[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The line before the one containing `offset`, if any.
    pub fn previous_line(&self, offset: usize) -> Option<Range<usize>> {
        let line = self.line_of(offset);
        (line > 1).then(|| self.line_around(self.line_start(line - 1)))
    }
}

#[cfg(test)]
mod tests {
    use super::LineMap;

    #[test]
    fn maps_lines_and_offsets() {
        let text = b"one\ntwo\r\nthree";
        let map = LineMap::new(text);
        assert_eq!(map.byte_range(&(2..3)), 4..9);
        assert_eq!(map.byte_range(&(3..4)), 9..14);
        assert_eq!(map.line_of(0), 1);
        assert_eq!(map.line_of(4), 2);
        assert_eq!(map.line_of(10), 3);
        assert_eq!(map.line_around(5), 4..7);
        assert_eq!(map.previous_line(10), Some(4..7));
        assert_eq!(map.previous_line(1), None);
    }
}
