using System.Collections.Generic;
using System.Runtime;
using System.Threading;

namespace MapiProfileTools.Bench.VersionRead
{
    /// <summary>
    /// Untimed passes until the JIT has stopped recompiling. With tiered compilation and dynamic PGO (the
    /// runtime defaults, which a PowerShell host also runs with) a hot method goes tier-0, then
    /// instrumented, then tier-1, each step on a background thread after a call-count threshold and a
    /// quiet delay; on a 2,000-file set that takes several passes, and timing earlier measures the JIT
    /// rather than the reader (the reader pass measured 1.5-2x slower in its first passes).
    /// </summary>
    internal sealed class JitWarmup
    {
        // Longer than the runtime's 100 ms tiering delay, so queued promotions get their turn.
        private const int QuietMilliseconds = 250;
        private const int QuietRoundsNeeded = 2;
        private const int MaxRounds = 30;

        private JitWarmup(int rounds, bool settled, long methodsCompiled)
        {
            Rounds = rounds;
            Settled = settled;
            MethodsCompiled = methodsCompiled;
        }

        /// <summary>Warm-up rounds run; each is one untimed pass of every method over every file.</summary>
        public int Rounds { get; }

        /// <summary>True when the last rounds compiled nothing.</summary>
        public bool Settled { get; }

        /// <summary>Methods the JIT compiled (any tier) during the warm-up.</summary>
        public long MethodsCompiled { get; }

        public static JitWarmup Run(IReadOnlyList<ReadMethod> methods, string[] files, ref long sink)
        {
            long start = JitInfo.GetCompiledMethodCount(currentThread: false);
            int quietRounds = 0;
            int round = 0;
            while (round < MaxRounds && quietRounds < QuietRoundsNeeded)
            {
                round++;
                long before = JitInfo.GetCompiledMethodCount(currentThread: false);
                foreach (ReadMethod method in methods)
                {
                    sink += method.Pass(files);
                }

                Thread.Sleep(QuietMilliseconds);
                long after = JitInfo.GetCompiledMethodCount(currentThread: false);
                quietRounds = after == before ? quietRounds + 1 : 0;
            }

            return new JitWarmup(round, quietRounds >= QuietRoundsNeeded, JitInfo.GetCompiledMethodCount(currentThread: false) - start);
        }

        public string Describe() => Settled
            ? $"{Rounds} untimed passes per method until the JIT settled ({MethodsCompiled} methods compiled)"
            : $"{Rounds} untimed passes per method, JIT not settled ({MethodsCompiled} methods compiled)";
    }
}
