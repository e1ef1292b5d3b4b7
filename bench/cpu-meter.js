// CPU of a measured window of a bench, for figures that mean something on a shared, loaded
// machine where wall-clock rates do not: the process's CPU time (all threads: libuv's pool,
// worker threads, GC), the main thread's own CPU time (Linux) and its event-loop utilisation.
// BENCH_CPU_PROFILE=DIR also writes a V8 CPU profile of the window's main thread to DIR/<label>.cpuprofile.
const inspector = require('node:inspector/promises');
const { writeFileSync, mkdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

/** The main thread's own CPU time (/proc/self/task/<pid>/stat, in clock ticks of 10 ms); NaN where there is no /proc. */
function mainThreadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Starts measuring; `stop()` ends the window and returns { cpuMs, mainCpuMs, elu }. */
async function cpuWindow(label) {
  let session;
  if (PROFILE_DIR) {
    session = new inspector.Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const elu0 = performance.eventLoopUtilization();
  return {
    async stop() {
      const cpu = process.cpuUsage(cpu0);
      const out = { cpuMs: (cpu.user + cpu.system) / 1000, mainCpuMs: mainThreadCpuMs() - main0, elu: performance.eventLoopUtilization(elu0).utilization };
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        session.disconnect();
        mkdirSync(PROFILE_DIR, { recursive: true });
        writeFileSync(join(PROFILE_DIR, `${label.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
      }
      return out;
    },
  };
}

/** "0.93 cores, 5.10 ms CPU per tx (main thread 3.20); event loop 97 % busy" */
function describeCpu(c, seconds, count, unit) {
  const per = (ms) => (ms / Math.max(1, count)).toFixed(2);
  return `${(c.cpuMs / 1000 / seconds).toFixed(2)} cores, ${per(c.cpuMs)} ms CPU per ${unit} (main thread ${per(c.mainCpuMs)}); event loop ${(100 * c.elu).toFixed(0)} % busy`;
}

module.exports = { cpuWindow, describeCpu };
