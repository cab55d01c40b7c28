using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MapiProfileTools.Core.Registry;

namespace MapiProfileTools.Core.Profiles
{
    /// <summary>What a restore of one profile would do, read from the registry before anything is written.</summary>
    public sealed class ProfileRestorePlan
    {
        internal ProfileRestorePlan(MessagingProfileData profile, string user, RegistryKeySnapshot? existing, RegistryValue? currentDefault, RegistryValue? newDefault)
        {
            Profile = profile;
            User = user;
            Existing = existing;
            CurrentDefault = currentDefault;
            NewDefault = newDefault;
        }

        public MessagingProfileData Profile { get; }

        /// <summary>The hive under HKEY_USERS (.DEFAULT, a SID).</summary>
        public string User { get; }

        /// <summary>The profile key below HKEY_USERS: .DEFAULT\Software\…\Profiles\name.</summary>
        public string ProfileKey => User + "\\" + Profile.KeyPath;

        /// <summary>The key holding the store's DefaultProfile value, below HKEY_USERS.</summary>
        public string DefaultKey => User + "\\" + (Profile.DefaultProfileKeyPath ?? Profile.KeyPath.Substring(0, Profile.KeyPath.LastIndexOf('\\')));

        /// <summary>The profile of that name already there, as it is; null when there is none.</summary>
        public RegistryKeySnapshot? Existing { get; }

        /// <summary>The DefaultProfile value there now; null when none is set.</summary>
        public RegistryValue? CurrentDefault { get; }

        /// <summary>The DefaultProfile value the restore writes; null when it leaves it alone.</summary>
        public RegistryValue? NewDefault { get; }

        /// <summary>Whether the existing DefaultProfile value names the existing profile (its backup then carries it).</summary>
        public bool ExistingIsDefault => Existing != null && CurrentDefault != null && string.Equals(DecodeName(CurrentDefault), Profile.Name, StringComparison.OrdinalIgnoreCase);

        /// <summary>The keys and values the restore writes, one line each, for -WhatIf and -Verbose.</summary>
        public IEnumerable<string> Describe()
        {
            RegistryKeySnapshot keys = Profile.Keys ?? throw new InvalidOperationException("The profile carries no keys.");
            if (Existing != null)
            {
                yield return $"Remove the existing profile (after saving it): {Existing.KeyCount} key(s), {Existing.ValueCount} value(s).";
            }

            foreach (var (path, key) in keys.Walk("HKEY_USERS\\" + ProfileKey))
            {
                yield return $"[{path}]";
                foreach (RegistryValue value in key.Values)
                {
                    yield return "  " + DescribeValue(value);
                }
            }

            if (NewDefault != null)
            {
                yield return $"[HKEY_USERS\\{DefaultKey}]";
                yield return "  " + DescribeValue(NewDefault) + $" = '{DecodeName(NewDefault)}'";
            }
        }

        internal static string DecodeName(RegistryValue value) => MapiValueDecoder.Decode((ushort)MapiPropertyType.Unicode, value) as string ?? string.Empty;

        private static string DescribeValue(RegistryValue value)
        {
            string type = value.Type switch
            {
                RegistryValueType.None => "REG_NONE",
                RegistryValueType.String => "REG_SZ",
                RegistryValueType.ExpandString => "REG_EXPAND_SZ",
                RegistryValueType.Binary => "REG_BINARY",
                RegistryValueType.DWord => "REG_DWORD",
                RegistryValueType.DWordBigEndian => "REG_DWORD_BIG_ENDIAN",
                RegistryValueType.Link => "REG_LINK",
                RegistryValueType.MultiString => "REG_MULTI_SZ",
                RegistryValueType.QWord => "REG_QWORD",
                _ => "type 0x" + ((uint)value.Type).ToString("x", CultureInfo.InvariantCulture),
            };
            return $"{(value.Name.Length == 0 ? "(default)" : value.Name)} {type}, {value.Data.Length} byte(s)";
        }
    }

    /// <summary>A restore that failed; <see cref="RolledBack"/> says whether the registry is as it was.</summary>
    public sealed class ProfileRestoreException : Exception
    {
        public ProfileRestoreException(string message, Exception cause, bool rolledBack, Exception? rollbackFailure)
            : base(message, cause)
        {
            RolledBack = rolledBack;
            RollbackFailure = rollbackFailure;
        }

        public bool RolledBack { get; }

        public Exception? RollbackFailure { get; }
    }

    /// <summary>
    /// Writes one profile back into the registry, all or nothing: every write is journaled, and when one
    /// fails the journal is undone (what this run created is removed, the DefaultProfile value put back, a
    /// replaced profile re-created key for key, value for value), so the registry is left as it was.
    /// </summary>
    public sealed class ProfileRestorer
    {
        private readonly IRegistryWriter _registry;

        public ProfileRestorer(IRegistryWriter registry) => _registry = registry;

        /// <param name="user">The hive under HKEY_USERS to write to.</param>
        /// <param name="setDefault">Make the profile the default even when another one is.</param>
        public ProfileRestorePlan Plan(MessagingProfileData profile, string user, bool setDefault)
        {
            if (profile.Keys == null)
            {
                throw new ArgumentException($"The profile '{profile.Name}' carries no keys to restore.", nameof(profile));
            }

            string profileKey = user + "\\" + profile.KeyPath;
            RegistryKeySnapshot? existing = null;
            using (IRegistryKey? key = _registry.OpenKey(profileKey))
            {
                if (key != null)
                {
                    existing = RegistryKeySnapshot.Capture(key, profile.Name);
                }
            }

            string defaultKey = user + "\\" + (profile.DefaultProfileKeyPath ?? profile.KeyPath.Substring(0, profile.KeyPath.LastIndexOf('\\')));
            RegistryValue? current = null;
            using (IRegistryKey? key = _registry.OpenKey(defaultKey))
            {
                current = key?.GetValues().FirstOrDefault(v => string.Equals(v.Name, MessagingProfileReader.DefaultProfileValueName, StringComparison.OrdinalIgnoreCase));
            }

            bool noneSet = current == null || ProfileRestorePlan.DecodeName(current).Length == 0;
            RegistryValue? newDefault = null;
            if (setDefault || (noneSet && profile.DefaultProfileValue != null))
            {
                // The source's own bytes when it was the default there; else the name as REG_SZ, as MAPI writes it.
                newDefault = profile.DefaultProfileValue
                    ?? new RegistryValue(MessagingProfileReader.DefaultProfileValueName, RegistryValueType.String, Encoding.Unicode.GetBytes(profile.Name + "\0"));
            }

            return new ProfileRestorePlan(profile, user, existing, current, newDefault);
        }

        /// <summary>Carries out a plan: removes the existing profile (if any), writes the profile, sets DefaultProfile.</summary>
        /// <exception cref="ProfileRestoreException">A write failed; the registry was put back as it was (or says what could not be).</exception>
        public void Restore(ProfileRestorePlan plan)
        {
            var undo = new Stack<Action>();
            try
            {
                if (plan.Existing != null)
                {
                    // Deepest keys first: a key is deleted only once its subkeys are gone.
                    foreach (var (path, _) in plan.Existing.Walk(plan.ProfileKey).Reverse())
                    {
                        _registry.DeleteKey(path);
                    }
                }

                CreateParents(plan.ProfileKey, undo);
                foreach (var (path, key) in plan.Profile.Keys!.Walk(plan.ProfileKey))
                {
                    // No journal entry per key: the profile key was absent (or emptied above), so on failure
                    // everything below it is this run's and goes as a whole.
                    _registry.CreateKey(path);

                    foreach (RegistryValue value in key.Values)
                    {
                        _registry.SetValue(path, value);
                    }
                }

                if (plan.NewDefault != null)
                {
                    CreateParents(plan.DefaultKey + "\\x", undo);
                    RegistryValue? previous = plan.CurrentDefault;
                    undo.Push(() =>
                    {
                        if (previous == null)
                        {
                            _registry.DeleteValue(plan.DefaultKey, MessagingProfileReader.DefaultProfileValueName);
                        }
                        else
                        {
                            _registry.SetValue(plan.DefaultKey, previous);
                        }
                    });
                    _registry.SetValue(plan.DefaultKey, plan.NewDefault);
                }
            }
            catch (Exception failure) when (!(failure is OutOfMemoryException))
            {
                Exception? rollbackFailure = Rollback(plan, undo);
                string outcome = rollbackFailure == null
                    ? "Everything this restore wrote was removed" + (plan.Existing != null ? " and the profile it replaced was put back" : string.Empty) + "; the registry is as it was."
                    : $"Putting the registry back failed too ({rollbackFailure.Message}); check HKEY_USERS\\{plan.ProfileKey}" + (plan.Existing != null ? " and import the backup made before the restore." : ".");
                throw new ProfileRestoreException($"Restoring the profile '{plan.Profile.Name}' failed: {failure.Message} {outcome}", failure, rollbackFailure == null, rollbackFailure);
            }
        }

        /// <summary>Creates each missing key above <paramref name="path"/>, journaling the ones it created.</summary>
        private void CreateParents(string path, Stack<Action> undo)
        {
            string[] parts = path.Split('\\');
            for (int i = 2; i < parts.Length; i++)
            {
                string parent = string.Join("\\", parts, 0, i);
                if (_registry.CreateKey(parent))
                {
                    undo.Push(() => _registry.DeleteKey(parent));
                }
            }
        }

        private Exception? Rollback(ProfileRestorePlan plan, Stack<Action> undo)
        {
            try
            {
                RemoveWritten(plan);

                while (undo.Count > 0)
                {
                    Action step = undo.Pop();
                    step();
                }

                if (plan.Existing != null)
                {
                    foreach (var (path, key) in plan.Existing.Walk(plan.ProfileKey))
                    {
                        _registry.CreateKey(path);
                        foreach (RegistryValue value in key.Values)
                        {
                            _registry.SetValue(path, value);
                        }
                    }
                }

                return null;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return ex;
            }
        }

        /// <summary>Deletes whatever is at the profile key now (what this run wrote, or what is left of the replaced profile).</summary>
        private void RemoveWritten(ProfileRestorePlan plan)
        {
            using IRegistryKey? key = _registry.OpenKey(plan.ProfileKey);
            if (key == null)
            {
                return;
            }

            RegistryKeySnapshot now = RegistryKeySnapshot.Capture(key, plan.Profile.Name);
            foreach (var (path, _) in now.Walk(plan.ProfileKey).Reverse())
            {
                _registry.DeleteKey(path);
            }
        }
    }
}
