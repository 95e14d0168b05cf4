import { describe, expect, it } from 'vitest';
import { parseAudioAnalysis } from './audio-analysis';

/** stderr of `ffmpeg -v info -af ebur128=peak=true:framelog=verbose,silencedetect=…` (Debian ffmpeg 5.1), trimmed. */
const SPEECH = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '<file>':
  Duration: 00:00:20.00, start: 0.000000, bitrate: 3523 kb/s
[silencedetect @ 0x562255668380] silence_start: 0
[silencedetect @ 0x562255668380] silence_end: 0.601271 | silence_duration: 0.601271
[silencedetect @ 0x562255668380] silence_start: 2.09596
[silencedetect @ 0x562255668380] silence_end: 5.31444 | silence_duration: 3.21848
[silencedetect @ 0x562255668380] silence_start: 15.0783
size=N/A time=00:00:20.01 bitrate=N/A speed= 104x
[Parsed_ebur128_0 @ 0x56225565dac0] Summary:

  Integrated loudness:
    I:         -21.3 LUFS
    Threshold: -31.4 LUFS

  Loudness range:
    LRA:         5.7 LU
    Threshold: -45.4 LUFS

  True peak:
    Peak:       -4.8 dBFS
[silencedetect @ 0x562255668380] silence_end: 20.0107 | silence_duration: 4.9324
`;

describe('parseAudioAnalysis', () => {
  it('reads loudness, true peak and silences; speech is what lies between, clamped to the duration', () => {
    expect(parseAudioAnalysis(SPEECH, 20_000)).toEqual({
      integratedLufs: -21.3,
      truePeakDbtp: -4.8,
      silence: [{ startMs: 0, endMs: 601 }, { startMs: 2096, endMs: 5314 }, { startMs: 15_078, endMs: 20_000 }],
      speech: [{ startMs: 601, endMs: 2096 }, { startMs: 5314, endMs: 15_078 }],
    });
  });

  it('closes a silence still open at the end, and reports no loudness for digital silence (-70 LUFS floor, -inf peak)', () => {
    const silent = '[silencedetect @ 0x1] silence_start: 0\n    I:         -70.0 LUFS\n    Peak:       -inf dBFS\n';
    expect(parseAudioAnalysis(silent, 3000)).toEqual({ integratedLufs: null, truePeakDbtp: null, silence: [{ startMs: 0, endMs: 3000 }], speech: [] });
  });

  it('is all speech when nothing is silent', () => {
    expect(parseAudioAnalysis('Summary:\n I: -14.0 LUFS\n Peak: 0.3 dBFS\n', 5000)).toMatchObject({ integratedLufs: -14, truePeakDbtp: 0.3, silence: [], speech: [{ startMs: 0, endMs: 5000 }] });
  });
});
