using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace SharpApi.Webhooks
{
    /// <summary>
    /// What <see cref="Verifier.Explain"/> found: the causes that, undone together, make the signature
    /// match, or one of <see cref="Cause.SignatureMatches"/>, <see cref="Cause.MissingSignature"/>,
    /// <see cref="Cause.MalformedSignature"/> and <see cref="Cause.Unexplained"/> alone. For the
    /// endpoint's owner (a log), never for the sender.
    /// </summary>
    public sealed class Explanation
    {
        private Explanation(IList<Cause> causes)
        {
            Causes = new ReadOnlyCollection<Cause>(causes);
        }

        /// <summary>The causes, in the order of their numbers; never empty.</summary>
        public IReadOnlyList<Cause> Causes { get; }

        /// <summary>True when the signature matches the body as received: nothing to explain.</summary>
        public bool IsValid
        {
            get { return Causes.Count == 1 && Causes[0] == Cause.SignatureMatches; }
        }

        /// <summary>Each cause's description, joined with "; ": one line for a log.</summary>
        public string Summary
        {
            get { return string.Join("; ", Causes.Select(cause => cause.Description())); }
        }

        /// <summary>The <see cref="Summary"/>.</summary>
        public override string ToString()
        {
            return Summary;
        }

        /// <summary>The causes of the C ABI's cause set: cause <c>n</c> is bit <c>n - 1</c>.</summary>
        internal static Explanation FromCauseSet(uint causes)
        {
            var found = new List<Cause>();
            for (int code = 1; code <= 32; code++)
            {
                if ((causes & (1u << (code - 1))) != 0)
                {
                    found.Add((Cause)code);
                }
            }
            return new Explanation(found);
        }
    }
}
