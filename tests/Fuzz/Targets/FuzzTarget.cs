using System;

namespace MapiProfileTools.Fuzz.Targets
{
    /// <summary>
    /// One reader of untrusted files, driven through the public core API the cmdlets use. An input the
    /// reader rejects with one of its documented exceptions is a clean rejection; any other exception is
    /// a finding (and so, enforced outside this class, are a run over 1 s and a heap over 512 MB).
    /// </summary>
    internal abstract class FuzzTarget
    {
        /// <summary>The name used on the command line, for the corpus folder and in the results.</summary>
        public abstract string Name { get; }

        /// <summary>What the target reads, for the README and the runner's output.</summary>
        public abstract string Description { get; }

        /// <summary>Feeds one input to the reader; documented exceptions are swallowed, anything else escapes.</summary>
        public void Execute(byte[] data)
        {
            try
            {
                Run(data);
            }
            catch (Exception ex) when (IsDocumented(ex))
            {
                // The reader said "bad file" the way its callers expect: not a finding.
            }
        }

        /// <summary>Reads the input as the cmdlets would, touching everything the reader returns.</summary>
        protected abstract void Run(byte[] data);

        /// <summary>The reader's own documented exceptions for bad input.</summary>
        protected abstract bool IsDocumented(Exception exception);
    }
}
