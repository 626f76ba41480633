/* scriptlint._core: the compiled core of the matching engine.
 *
 * Two types, each the C twin of a pure-Python step that stays the reference:
 *
 * Folder     normalize.py's per-character work in one pass over the string's own buffer: case
 *            and width folding from a table exported by Python, separator / combining-mark /
 *            format-control removal, and the detection of what only Python does (Traditional
 *            characters, whose OpenCC phrases need a scan, and masked-data tokens).
 * Automaton  lexicon/matcher.py's Aho-Corasick candidate scan: the walk, the pack / phrase-set /
 *            category filters on small integer ids, the allow-phrase spans, and the hits of packs
 *            not in force; a Python object only for what survives.
 *
 * Nothing here is shared between instances, nothing is global but the type objects, and every
 * failure is a Python exception.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

#define BMP_SIZE 0x10000

/* Reads character i of a str of any kind. */
static inline Py_UCS4
read_char(int kind, const void *data, Py_ssize_t i)
{
    switch (kind) {
    case PyUnicode_1BYTE_KIND: return ((const Py_UCS1 *)data)[i];
    case PyUnicode_2BYTE_KIND: return ((const Py_UCS2 *)data)[i];
    default: return ((const Py_UCS4 *)data)[i];
    }
}

/* Appends and releases `item`; -1 on failure (item released either way). */
static int
append_new(PyObject *list, PyObject *item)
{
    if (item == NULL) return -1;
    int status = PyList_Append(list, item);
    Py_DECREF(item);
    return status;
}

/* A sorted array of code points beyond the BMP (few: binary search). */
typedef struct {
    Py_UCS4 *codes;
    Py_ssize_t count;
} CodeSet;

static int
codeset_has(const CodeSet *set, Py_UCS4 code)
{
    Py_ssize_t low = 0, high = set->count;
    while (low < high) {
        Py_ssize_t mid = (low + high) / 2;
        if (set->codes[mid] < code) low = mid + 1;
        else high = mid;
    }
    return low < set->count && set->codes[low] == code;
}

static int
compare_codes(const void *a, const void *b)
{
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return (x > y) - (x < y);
}

/* ============================== Trie ============================== */

/* An Aho-Corasick automaton over a tuple of distinct non-empty str keys. Node 0 is the root; node
 * k's children are edge_char/edge_target[edge_first[k] .. edge_first[k+1]), sorted by character. */
typedef struct {
    Py_ssize_t nodes;
    int32_t *edge_first;
    Py_UCS4 *edge_char;
    int32_t *edge_target;
    int32_t *root_bmp; /* BMP_SIZE entries: the root's child for a BMP character, 0 for none */
    uint8_t *in_keys;  /* BMP_SIZE / 8: a bit for every BMP character of any key */
    int32_t *fail;
    int32_t *key_at;   /* the key ending at a node, -1 for none */
    int32_t *next_out; /* the nearest node on the failure chain that ends a key, 0 for none */
    Py_ssize_t *key_len;
} Trie;

static void
trie_free(Trie *trie)
{
    PyMem_Free(trie->edge_first);
    PyMem_Free(trie->edge_char);
    PyMem_Free(trie->edge_target);
    PyMem_Free(trie->root_bmp);
    PyMem_Free(trie->in_keys);
    PyMem_Free(trie->fail);
    PyMem_Free(trie->key_at);
    PyMem_Free(trie->next_out);
    PyMem_Free(trie->key_len);
    memset(trie, 0, sizeof(*trie));
}

/* A child of `node` for `c`, -1 for none. */
static inline int32_t
trie_child(const Trie *trie, int32_t node, Py_UCS4 c)
{
    if (node == 0 && c < BMP_SIZE) {
        int32_t target = trie->root_bmp[c];
        return target ? target : -1;
    }
    int32_t low = trie->edge_first[node], high = trie->edge_first[node + 1];
    while (low < high) {
        int32_t mid = (low + high) / 2;
        if (trie->edge_char[mid] < c) low = mid + 1;
        else high = mid;
    }
    return low < trie->edge_first[node + 1] && trie->edge_char[low] == c ? trie->edge_target[low] : -1;
}

/* The state after reading `c` in `state`. */
static inline int32_t
trie_step(const Trie *trie, int32_t state, Py_UCS4 c)
{
    if (c < BMP_SIZE && !(trie->in_keys[c >> 3] & (1u << (c & 7)))) return 0; /* in no key */
    int32_t next;
    while ((next = trie_child(trie, state, c)) < 0 && state != 0) state = trie->fail[state];
    return next >= 0 ? next : 0;
}

/* The first node of the output chain of `state` (a node where a key ends), 0 for none. */
static inline int32_t
trie_output(const Trie *trie, int32_t state)
{
    return trie->key_at[state] >= 0 ? state : trie->next_out[state];
}

/* A build-time edge, sorted by (parent, character) into the final arrays. */
typedef struct {
    int32_t parent;
    Py_UCS4 c;
    int32_t target;
} BuildEdge;

static int
compare_edges(const void *a, const void *b)
{
    const BuildEdge *x = a, *y = b;
    if (x->parent != y->parent) return (x->parent > y->parent) - (x->parent < y->parent);
    return (x->c > y->c) - (x->c < y->c);
}

/* Builds `trie` (zeroed) from `keys`; -1 with an exception set (and `trie` freed) on failure. */
static int
trie_build(Trie *trie, PyObject *keys)
{
    Py_ssize_t count = PyTuple_GET_SIZE(keys), total_chars = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) == 0) {
            PyErr_SetString(PyExc_ValueError, "keys must be non-empty str");
            return -1;
        }
        total_chars += PyUnicode_GET_LENGTH(key);
    }
    if (count >= INT32_MAX / 4 || total_chars >= INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "too many keys");
        return -1;
    }
    Py_ssize_t max_nodes = total_chars + 1, nodes = 1, edge_count = 0;
    int32_t *queue = PyMem_New(int32_t, max_nodes);
    int32_t *first_child = PyMem_Calloc((size_t)max_nodes, sizeof(int32_t));
    int32_t *sibling = PyMem_Calloc((size_t)max_nodes, sizeof(int32_t));
    BuildEdge *edges = PyMem_New(BuildEdge, max_nodes);
    trie->key_len = PyMem_New(Py_ssize_t, count > 0 ? count : 1);
    trie->root_bmp = PyMem_Calloc(BMP_SIZE, sizeof(int32_t));
    trie->in_keys = PyMem_Calloc(BMP_SIZE / 8, 1);
    trie->edge_first = PyMem_Calloc((size_t)max_nodes + 1, sizeof(int32_t));
    trie->edge_char = PyMem_New(Py_UCS4, max_nodes);
    trie->edge_target = PyMem_New(int32_t, max_nodes);
    trie->next_out = PyMem_Calloc((size_t)max_nodes, sizeof(int32_t));
    trie->fail = PyMem_Calloc((size_t)max_nodes, sizeof(int32_t));
    trie->key_at = PyMem_New(int32_t, max_nodes);
    int ok = 0;
    if (!queue || !first_child || !sibling || !edges || !trie->key_len || !trie->root_bmp || !trie->in_keys
        || !trie->edge_first || !trie->edge_char || !trie->edge_target || !trie->next_out || !trie->fail
        || !trie->key_at) {
        PyErr_NoMemory();
        goto done;
    }
    /* The trie, with each node's children in a list while it grows (edges numbered from 1). */
    trie->key_at[0] = -1;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *key = PyTuple_GET_ITEM(keys, k);
        Py_ssize_t n = PyUnicode_GET_LENGTH(key);
        int kind = PyUnicode_KIND(key);
        const void *data = PyUnicode_DATA(key);
        int32_t node = 0;
        trie->key_len[k] = n;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 c = read_char(kind, data, i);
            if (c < BMP_SIZE) trie->in_keys[c >> 3] |= (uint8_t)(1u << (c & 7));
            int32_t found = 0;
            for (int32_t e = first_child[node]; e; e = sibling[e - 1]) {
                if (edges[e - 1].c == c) {
                    found = edges[e - 1].target;
                    break;
                }
            }
            if (!found) {
                found = (int32_t)nodes++;
                trie->key_at[found] = -1;
                edges[edge_count] = (BuildEdge){node, c, found};
                sibling[edge_count] = first_child[node];
                first_child[node] = (int32_t)(edge_count + 1);
                edge_count++;
            }
            node = found;
        }
        if (trie->key_at[node] != -1) {
            PyErr_SetString(PyExc_ValueError, "duplicate key");
            goto done;
        }
        trie->key_at[node] = (int32_t)k;
    }
    qsort(edges, (size_t)edge_count, sizeof(BuildEdge), compare_edges);
    for (Py_ssize_t e = 0; e < edge_count; e++) {
        trie->edge_char[e] = edges[e].c;
        trie->edge_target[e] = edges[e].target;
        trie->edge_first[edges[e].parent + 1]++;
        if (edges[e].parent == 0 && edges[e].c < BMP_SIZE) trie->root_bmp[edges[e].c] = edges[e].target;
    }
    for (Py_ssize_t k = 0; k < nodes; k++) trie->edge_first[k + 1] += trie->edge_first[k];
    trie->nodes = nodes;
    /* Failure links, breadth first; next_out: the nearest proper suffix node that ends a key. */
    Py_ssize_t head = 0, tail = 0;
    for (int32_t e = trie->edge_first[0]; e < trie->edge_first[1]; e++) queue[tail++] = trie->edge_target[e];
    while (head < tail) {
        int32_t node = queue[head++];
        for (int32_t e = trie->edge_first[node]; e < trie->edge_first[node + 1]; e++) {
            Py_UCS4 c = trie->edge_char[e];
            int32_t target = trie->edge_target[e], f = trie->fail[node], next;
            while ((next = trie_child(trie, f, c)) < 0 && f != 0) f = trie->fail[f];
            trie->fail[target] = next >= 0 ? next : 0;
            int32_t via = trie->fail[target];
            trie->next_out[target] = trie->key_at[via] >= 0 ? via : trie->next_out[via];
            queue[tail++] = target;
        }
    }
    ok = 1;
done:
    PyMem_Free(queue);
    PyMem_Free(first_child);
    PyMem_Free(sibling);
    PyMem_Free(edges);
    if (!ok) trie_free(trie);
    return ok ? 0 : -1;
}

/* ============================== Folder ============================== */

/* Class bits per BMP code point. EXPANDING is about the original character; the others are about
 * the folded one. */
enum {
    CLS_EXPANDING = 1, /* folds to several characters: normalize.py's slow path */
    CLS_REMOVED = 2,   /* a separator or an invisible character: removed from the match text */
    CLS_PYTHON = 4,    /* '[' (a masked token may start there): Python finishes */
    CLS_PHRASE = 8,    /* in an OpenCC phrase that rewrites it: simplify() if such a phrase is there */
    CLS_T2S = 16,      /* a Traditional character the character table rewrites: simplify() */
};

typedef struct {
    PyObject_HEAD
    Py_UCS4 *fold;  /* BMP_SIZE entries: the folded character of each BMP code point */
    uint8_t *cls;   /* BMP_SIZE entries: class bits */
    CodeSet astral_removed;
    CodeSet astral_python;
    CodeSet astral_phrase;
    CodeSet astral_t2s;
    Trie phrases; /* the OpenCC phrases that rewrite a character the character table leaves alone */
    /* Traditional to Simplified: each BMP character's Simplified one (itself when unchanged), those
     * beyond the BMP as sorted pairs, and every OpenCC phrase key (simplify() reports where they are). */
    Py_UCS4 *t2s;
    Py_UCS4 *astral_t2s_targets; /* parallel to astral_t2s.codes */
    Trie all_phrases;
} FolderObject;

static void
Folder_dealloc(FolderObject *self)
{
    PyMem_Free(self->fold);
    PyMem_Free(self->cls);
    PyMem_Free(self->astral_removed.codes);
    PyMem_Free(self->astral_python.codes);
    PyMem_Free(self->astral_phrase.codes);
    PyMem_Free(self->astral_t2s.codes);
    PyMem_Free(self->astral_t2s_targets);
    PyMem_Free(self->t2s);
    trie_free(&self->phrases);
    trie_free(&self->all_phrases);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Sets `bit` for every character of `chars`; those beyond the BMP go to `astral` (may be NULL:
 * then there must be none). */
static int
mark_chars(FolderObject *self, PyObject *chars, uint8_t bit, CodeSet *astral, const char *what)
{
    if (!PyUnicode_Check(chars)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str", what);
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(chars);
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    Py_ssize_t beyond = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = read_char(kind, data, i);
        if (c < BMP_SIZE) self->cls[c] |= bit;
        else beyond++;
    }
    if (beyond == 0) return 0;
    if (astral == NULL) {
        PyErr_Format(PyExc_ValueError, "%s: characters beyond the BMP are not supported here", what);
        return -1;
    }
    astral->codes = PyMem_New(Py_UCS4, beyond);
    if (astral->codes == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = read_char(kind, data, i);
        if (c >= BMP_SIZE) astral->codes[astral->count++] = c;
    }
    qsort(astral->codes, (size_t)astral->count, sizeof(Py_UCS4), compare_codes);
    return 0;
}

static int
Folder_init(FolderObject *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"sources", "targets", "expanding", "removed", "python", "phrase", "phrase_keys",
                            "t2s_sources", "t2s_targets", "all_phrase_keys", NULL};
    PyObject *sources, *targets, *expanding, *removed, *python, *phrase, *phrase_keys, *t2s_sources, *t2s_targets,
        *all_phrase_keys;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "UUUUUUO!UUO!:Folder", names, &sources, &targets, &expanding,
                                     &removed, &python, &phrase, &PyTuple_Type, &phrase_keys, &t2s_sources,
                                     &t2s_targets, &PyTuple_Type, &all_phrase_keys))
        return -1;
    if (self->fold != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Folder is already initialized");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(sources);
    if (PyUnicode_GET_LENGTH(targets) != n) {
        PyErr_SetString(PyExc_ValueError, "sources and targets differ in length");
        return -1;
    }
    self->fold = PyMem_New(Py_UCS4, BMP_SIZE);
    self->cls = PyMem_Calloc(BMP_SIZE, 1);
    if (self->fold == NULL || self->cls == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_UCS4 c = 0; c < BMP_SIZE; c++) self->fold[c] = c;
    int skind = PyUnicode_KIND(sources), tkind = PyUnicode_KIND(targets);
    const void *sdata = PyUnicode_DATA(sources), *tdata = PyUnicode_DATA(targets);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 s = read_char(skind, sdata, i);
        if (s >= BMP_SIZE) {
            PyErr_SetString(PyExc_ValueError, "the folding table covers the BMP only");
            return -1;
        }
        self->fold[s] = read_char(tkind, tdata, i);
    }
    if (mark_chars(self, expanding, CLS_EXPANDING, NULL, "expanding") < 0
        || mark_chars(self, removed, CLS_REMOVED, &self->astral_removed, "removed") < 0
        || mark_chars(self, python, CLS_PYTHON, &self->astral_python, "python") < 0)
        return -1;
    /* Every phrase key holds a `phrase` character (one it rewrites that the character table leaves
     * alone): the keys are looked for only in a text that has one (什么 has 么, 麼 a key's). */
    if (mark_chars(self, phrase, CLS_PHRASE, &self->astral_phrase, "phrase") < 0
        || trie_build(&self->phrases, phrase_keys) < 0 || trie_build(&self->all_phrases, all_phrase_keys) < 0)
        return -1;
    /* The character table: CLS_T2S marks its sources (those beyond the BMP sorted, with their
     * targets in the same order). */
    Py_ssize_t pairs = PyUnicode_GET_LENGTH(t2s_sources);
    if (PyUnicode_GET_LENGTH(t2s_targets) != pairs) {
        PyErr_SetString(PyExc_ValueError, "t2s_sources and t2s_targets differ in length");
        return -1;
    }
    if (mark_chars(self, t2s_sources, CLS_T2S, &self->astral_t2s, "t2s_sources") < 0) return -1;
    self->t2s = PyMem_New(Py_UCS4, BMP_SIZE);
    self->astral_t2s_targets = PyMem_New(Py_UCS4, self->astral_t2s.count > 0 ? self->astral_t2s.count : 1);
    if (self->t2s == NULL || self->astral_t2s_targets == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_UCS4 c = 0; c < BMP_SIZE; c++) self->t2s[c] = c;
    int skind2 = PyUnicode_KIND(t2s_sources), tkind2 = PyUnicode_KIND(t2s_targets);
    const void *sdata2 = PyUnicode_DATA(t2s_sources), *tdata2 = PyUnicode_DATA(t2s_targets);
    for (Py_ssize_t i = 0; i < pairs; i++) {
        Py_UCS4 source = read_char(skind2, sdata2, i), target = read_char(tkind2, tdata2, i);
        if (source < BMP_SIZE) {
            self->t2s[source] = target;
            continue;
        }
        Py_ssize_t low = 0, high = self->astral_t2s.count; /* its place among the sorted sources */
        while (low < high) {
            Py_ssize_t mid = (low + high) / 2;
            if (self->astral_t2s.codes[mid] < source) low = mid + 1;
            else high = mid;
        }
        self->astral_t2s_targets[low] = target;
    }
    return 0;
}

#define FOLDED_CLASSES (CLS_REMOVED | CLS_PYTHON | CLS_PHRASE | CLS_T2S)

/* Whether a key of `trie` occurs in the text. */
static int
phrase_in(const Trie *trie, int kind, const void *data, Py_ssize_t n)
{
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        state = trie_step(trie, state, read_char(kind, data, i));
        if (trie_output(trie, state) != 0) return 1;
    }
    return 0;
}

/* The class bits of a folded character. */
static inline uint8_t
folded_class(const FolderObject *self, Py_UCS4 f)
{
    if (f < BMP_SIZE) return self->cls[f] & FOLDED_CLASSES;
    return (codeset_has(&self->astral_removed, f) ? CLS_REMOVED : 0)
           | (codeset_has(&self->astral_python, f) ? CLS_PYTHON : 0)
           | (codeset_has(&self->astral_phrase, f) ? CLS_PHRASE : 0)
           | (codeset_has(&self->astral_t2s, f) ? CLS_T2S : 0);
}

/* 0 when `self` is initialized and `text` a str; else -1 with an exception set. */
static int
folder_ready(FolderObject *self, PyObject *text, const char *method)
{
    if (self->t2s == NULL) { /* set last by __init__: not run, or failed */
        PyErr_SetString(PyExc_RuntimeError, "Folder is not initialized");
        return -1;
    }
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a str", method);
        return -1;
    }
    return 0;
}

/* fold(text) -> None | (status, folded, match_text)
 *
 * None: the text holds a character that folds to several (Python's slow path).
 * (0, None, None): normalization changes nothing.
 * (1, folded, match_text): done; `folded` has the length of `text`, `match_text` is `folded`
 *     without the removed characters (the same object when none was removed).
 * (2, folded, None): `folded` is the case- and width-folded text, and Python finishes it (it holds
 *     a Traditional character, an OpenCC phrase that rewrites one, or a '[' that may open a
 *     masked token).
 * (3, None, None): such a text in which nothing else changes: Python does it all (whether it
 *     changes at all is for its exact checks to say; and the pure engine lower-cases the characters
 *     beyond the BMP only in a text that changes).
 * (4, None, None): a text with Traditional characters (and no '['): simplify() it.
 */
static PyObject *
Folder_fold(FolderObject *self, PyObject *text)
{
    if (folder_ready(self, text, "fold") < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_UCS4 *fold = self->fold;
    const uint8_t *cls = self->cls;
    Py_UCS4 *folded = NULL, *match = NULL; /* allocated at the first change */
    Py_ssize_t kept = 0;
    uint8_t seen = 0;
    int changed = 0; /* a character of the BMP folded, or one removed */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = read_char(kind, data, i);
        Py_UCS4 f;
        uint8_t bits;
        if (c < BMP_SIZE) {
            uint8_t own = cls[c];
            if (own & CLS_EXPANDING) {
                PyMem_Free(folded);
                PyMem_Free(match);
                Py_RETURN_NONE;
            }
            f = fold[c];
            bits = f == c ? (uint8_t)(own & FOLDED_CLASSES) : folded_class(self, f);
            changed |= f != c;
        }
        else {
            f = Py_UNICODE_TOLOWER(c); /* str.lower() beyond the BMP: simple case mapping only */
            bits = folded_class(self, f);
        }
        seen |= bits;
        changed |= bits & CLS_REMOVED;
        if (folded == NULL) {
            if (f == c && !(bits & CLS_REMOVED)) continue; /* unchanged so far */
            folded = PyMem_New(Py_UCS4, n > 0 ? n : 1);
            match = PyMem_New(Py_UCS4, n > 0 ? n : 1);
            if (folded == NULL || match == NULL) {
                PyMem_Free(folded);
                PyMem_Free(match);
                return PyErr_NoMemory();
            }
            for (Py_ssize_t j = 0; j < i; j++) folded[j] = match[j] = read_char(kind, data, j);
            kept = i;
        }
        folded[i] = f;
        if (!(bits & CLS_REMOVED)) match[kept++] = f;
    }
    /* t2s.has_traditional() of the folded text: a character it rewrites, or a phrase that
     * rewrites one the character table leaves alone. */
    int traditional = (seen & CLS_T2S)
                      || ((seen & CLS_PHRASE)
                          && (folded != NULL ? phrase_in(&self->phrases, PyUnicode_4BYTE_KIND, folded, n)
                                             : phrase_in(&self->phrases, kind, data, n)));
    if (traditional && !(seen & CLS_PYTHON)) {
        PyMem_Free(folded);
        PyMem_Free(match);
        return Py_BuildValue("(iOO)", 4, Py_None, Py_None);
    }
    if (traditional) seen |= CLS_PYTHON;
    if (!changed) {
        PyMem_Free(folded);
        PyMem_Free(match);
        return Py_BuildValue("(iOO)", seen & CLS_PYTHON ? 3 : 0, Py_None, Py_None);
    }
    PyObject *folded_str = folded == NULL ? Py_NewRef(text)
                                          : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, folded, n);
    PyObject *result = NULL;
    if (folded_str != NULL) {
        if (seen & CLS_PYTHON) {
            result = Py_BuildValue("(iNO)", 2, folded_str, Py_None);
        }
        else {
            PyObject *match_str = kept == n ? Py_NewRef(folded_str)
                                            : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, match, kept);
            if (match_str == NULL) Py_DECREF(folded_str);
            else result = Py_BuildValue("(iNN)", 1, folded_str, match_str);
        }
    }
    PyMem_Free(folded);
    PyMem_Free(match);
    return result;
}

/* Appends (start, end, key index) for every key of `trie` ending at character i. */
static int
append_occurrences(const Trie *trie, int32_t state, Py_ssize_t i, PyObject *found)
{
    for (int32_t out = trie_output(trie, state); out != 0; out = trie->next_out[out]) {
        int32_t key = trie->key_at[out];
        if (append_new(found, Py_BuildValue("(nni)", i + 1 - trie->key_len[key], i + 1, key)) < 0) return -1;
    }
    return 0;
}

/* simplify(text) -> (folded, match_text, phrases)
 *
 * For a text fold() gave status 4 (it holds no character that folds to several): `folded` is the
 * text folded and converted character by character to Simplified, `match_text` is `folded`
 * without the removed characters, and `phrases` lists (start, end, key index) of every occurrence
 * of every OpenCC phrase key in the folded text before conversion: Python picks among them as
 * OpenCC does and writes their values over `folded`.
 */
static PyObject *
Folder_simplify(FolderObject *self, PyObject *text)
{
    if (folder_ready(self, text, "simplify") < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), kept = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 *folded = PyMem_New(Py_UCS4, n > 0 ? n : 1), *match = PyMem_New(Py_UCS4, n > 0 ? n : 1);
    PyObject *found = PyList_New(0), *result = NULL;
    if (folded == NULL || match == NULL || found == NULL) {
        if (found != NULL) PyErr_NoMemory();
        goto done;
    }
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = read_char(kind, data, i), f, t;
        if (c < BMP_SIZE) {
            if (self->cls[c] & CLS_EXPANDING) {
                PyErr_SetString(PyExc_ValueError, "simplify() of a text with a character that folds to several");
                goto done;
            }
            f = self->fold[c];
        }
        else {
            f = Py_UNICODE_TOLOWER(c);
        }
        state = trie_step(&self->all_phrases, state, f);
        if (append_occurrences(&self->all_phrases, state, i, found) < 0) goto done;
        if (f < BMP_SIZE) {
            t = self->t2s[f];
        }
        else {
            t = f;
            Py_ssize_t low = 0, high = self->astral_t2s.count;
            while (low < high) {
                Py_ssize_t mid = (low + high) / 2;
                if (self->astral_t2s.codes[mid] < f) low = mid + 1;
                else high = mid;
            }
            if (low < self->astral_t2s.count && self->astral_t2s.codes[low] == f) t = self->astral_t2s_targets[low];
        }
        folded[i] = t;
        if (!(folded_class(self, t) & CLS_REMOVED)) match[kept++] = t;
    }
    PyObject *folded_str = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, folded, n);
    if (folded_str == NULL) goto done;
    PyObject *match_str = kept == n ? Py_NewRef(folded_str) : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, match, kept);
    if (match_str == NULL) {
        Py_DECREF(folded_str);
        goto done;
    }
    result = Py_BuildValue("(NNO)", folded_str, match_str, found);
done:
    Py_XDECREF(found);
    PyMem_Free(folded);
    PyMem_Free(match);
    return result;
}

/* removed_runs(folded) -> (starts, totals)
 *
 * Where runs of removed characters were taken out of `folded`, in positions of the match text,
 * with the running count of characters removed (normalize.Normalized's offset map).
 */
static PyObject *
Folder_removed_runs(FolderObject *self, PyObject *folded)
{
    if (folder_ready(self, folded, "removed_runs") < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(folded), total = 0;
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    PyObject *starts = PyList_New(0), *totals = PyList_New(0);
    if (starts == NULL || totals == NULL) goto fail;
    for (Py_ssize_t i = 0; i < n;) {
        if (!(folded_class(self, read_char(kind, data, i)) & CLS_REMOVED)) {
            i++;
            continue;
        }
        Py_ssize_t first = i;
        while (i < n && (folded_class(self, read_char(kind, data, i)) & CLS_REMOVED)) i++;
        if (append_new(starts, PyLong_FromSsize_t(first - total)) < 0) goto fail;
        total += i - first;
        if (append_new(totals, PyLong_FromSsize_t(total)) < 0) goto fail;
    }
    return Py_BuildValue("(NN)", starts, totals);
fail:
    Py_XDECREF(starts);
    Py_XDECREF(totals);
    return NULL;
}

/* without_removed(folded) -> the match text: `folded` without its removed characters. */
static PyObject *
Folder_without_removed(FolderObject *self, PyObject *folded)
{
    if (folder_ready(self, folded, "without_removed") < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(folded), kept = 0;
    int kind = PyUnicode_KIND(folded);
    const void *data = PyUnicode_DATA(folded);
    Py_UCS4 *match = PyMem_New(Py_UCS4, n > 0 ? n : 1);
    if (match == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = read_char(kind, data, i);
        if (!(folded_class(self, c) & CLS_REMOVED)) match[kept++] = c;
    }
    PyObject *result = kept == n ? Py_NewRef(folded) : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, match, kept);
    PyMem_Free(match);
    return result;
}

static PyMethodDef Folder_methods[] = {
    {"removed_runs", (PyCFunction)Folder_removed_runs, METH_O,
     "(starts, totals) of the runs of removed characters, as normalize.Normalized keeps them."},
    {"without_removed", (PyCFunction)Folder_without_removed, METH_O, "The text without its removed characters."},
    {"fold", (PyCFunction)Folder_fold, METH_O, "Fold one text: None, or (status, folded, match text)."},
    {"simplify", (PyCFunction)Folder_simplify, METH_O,
     "Fold and convert a text of status 4: (folded, match text, phrase occurrences)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject FolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "scriptlint._core.Folder",
    .tp_basicsize = sizeof(FolderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Case and width folding and separator removal from tables exported by normalize.py.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Folder_init,
    .tp_dealloc = (destructor)Folder_dealloc,
    .tp_methods = Folder_methods,
};

/* ============================== Automaton ============================== */

typedef struct {
    PyObject_HEAD
    Trie trie;
    /* The keys, with what each one triggers (entry, pack, category, phrase set; category -1 for a
     * phrase entry) and the owners it is an allow phrase of. */
    PyObject *keys;     /* tuple of str */
    int32_t *trigger_first; /* per key + 1: a range of the trigger arrays */
    int32_t *trigger_entry, *trigger_pack, *trigger_category, *trigger_set;
    PyObject *owners;   /* tuple (per key) of tuples of owners: an entry, or None */
    PyObject *entries;  /* tuple of the entries the trigger ids index */
    PyObject *hit_type; /* called as hit_type(entry, start, end, key) */
    /* When hit_type is a class with exactly the slots entry, start, end, term (matcher.Hit), a
     * hit is allocated and its slots filled directly: the dataclass __init__ only assigns them,
     * and calling it costs more than the whole scan. Offsets of the four slots, or -1. */
    Py_ssize_t slot_offset[4];
    Py_ssize_t packs, categories, sets;
} AutomatonObject;

static void
Automaton_dealloc(AutomatonObject *self)
{
    trie_free(&self->trie);
    PyMem_Free(self->trigger_first);
    PyMem_Free(self->trigger_entry);
    PyMem_Free(self->trigger_pack);
    PyMem_Free(self->trigger_category);
    PyMem_Free(self->trigger_set);
    Py_XDECREF(self->keys);
    Py_XDECREF(self->owners);
    Py_XDECREF(self->entries);
    Py_XDECREF(self->hit_type);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The offsets of the slots entry, start, end, term of `type`, or -1 in slot_offset[0] when it
 * is not such a class (then hits are made by calling it). */
static void
find_slots(AutomatonObject *self, PyObject *type)
{
    static const char *names[4] = {"entry", "start", "end", "term"};
    self->slot_offset[0] = -1;
    if (!PyType_Check(type)) return;
    PyTypeObject *cls = (PyTypeObject *)type;
    /* Only a plain class: object's allocation and __new__, and an instance that is its four slots
     * and nothing else (no __dict__ that an __init__ could fill). */
    if (cls->tp_dictoffset != 0 || cls->tp_new != PyBaseObject_Type.tp_new || cls->tp_base != &PyBaseObject_Type
        || cls->tp_basicsize != (Py_ssize_t)(sizeof(PyObject) + 4 * sizeof(PyObject *)))
        return;
    Py_ssize_t offsets[4];
    for (int i = 0; i < 4; i++) {
        PyObject *descr = PyDict_GetItemString(cls->tp_dict, names[i]); /* borrowed */
        if (descr == NULL || !Py_IS_TYPE(descr, &PyMemberDescr_Type)) return;
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type != T_OBJECT_EX || (member->flags & READONLY)) return;
        offsets[i] = member->offset;
    }
    memcpy(self->slot_offset, offsets, sizeof(offsets));
}

/* Reads an int that must lie in [-1, limit) (or [0, limit) when `optional` is 0). */
static int
read_id(PyObject *tuple, Py_ssize_t index, Py_ssize_t limit, int optional, int32_t *out)
{
    long value = PyLong_AsLong(PyTuple_GET_ITEM(tuple, index));
    if (value == -1 && PyErr_Occurred()) return -1;
    if (value < (optional ? -1 : 0) || value >= limit) {
        PyErr_Format(PyExc_ValueError, "trigger id %ld out of range", value);
        return -1;
    }
    *out = (int32_t)value;
    return 0;
}

/* Automaton(keys, triggers, owners, entries, hit_type, packs, categories, sets)
 *
 * keys: tuple of distinct non-empty str. triggers: per key, a tuple of (entry index, pack id,
 * category id or -1, phrase-set id or -1). owners: per key, a tuple of allow-phrase owners. packs,
 * categories, sets: how many ids of each there are (the masks of scan() have these lengths).
 */
static int
Automaton_init(AutomatonObject *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"keys", "triggers", "owners", "entries", "hit_type", "packs", "categories", "sets",
                            NULL};
    PyObject *keys, *triggers, *owners, *entries, *hit_type;
    Py_ssize_t packs, categories, sets;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O!O!O!O!Onnn:Automaton", names, &PyTuple_Type, &keys,
                                     &PyTuple_Type, &triggers, &PyTuple_Type, &owners, &PyTuple_Type, &entries,
                                     &hit_type, &packs, &categories, &sets))
        return -1;
    if (self->trigger_first != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Automaton is already initialized");
        return -1;
    }
    Py_ssize_t count = PyTuple_GET_SIZE(keys);
    if (PyTuple_GET_SIZE(triggers) != count || PyTuple_GET_SIZE(owners) != count) {
        PyErr_SetString(PyExc_ValueError, "keys, triggers and owners differ in length");
        return -1;
    }
    if (packs < 0 || categories < 0 || sets < 0) {
        PyErr_SetString(PyExc_ValueError, "bad automaton sizes");
        return -1;
    }
    if (!PyCallable_Check(hit_type)) {
        PyErr_SetString(PyExc_TypeError, "hit_type must be callable");
        return -1;
    }
    Py_ssize_t total_triggers = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *own = PyTuple_GET_ITEM(triggers, k);
        if (!PyTuple_Check(own) || !PyTuple_Check(PyTuple_GET_ITEM(owners, k))) {
            PyErr_SetString(PyExc_TypeError, "triggers and owners must be tuples of tuples");
            return -1;
        }
        total_triggers += PyTuple_GET_SIZE(own);
    }
    if (count >= INT32_MAX / 4 || total_triggers >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many keys");
        return -1;
    }
    Py_ssize_t size = total_triggers > 0 ? total_triggers : 1;
    self->trigger_first = PyMem_New(int32_t, count + 1);
    self->trigger_entry = PyMem_New(int32_t, size);
    self->trigger_pack = PyMem_New(int32_t, size);
    self->trigger_category = PyMem_New(int32_t, size);
    self->trigger_set = PyMem_New(int32_t, size);
    if (!self->trigger_first || !self->trigger_entry || !self->trigger_pack || !self->trigger_category
        || !self->trigger_set) {
        PyErr_NoMemory();
        return -1;
    }
    /* Triggers, flattened. */
    Py_ssize_t t = 0, entry_count = PyTuple_GET_SIZE(entries);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *own = PyTuple_GET_ITEM(triggers, k);
        self->trigger_first[k] = (int32_t)t;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(own); j++, t++) {
            PyObject *item = PyTuple_GET_ITEM(own, j);
            if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 4) {
                PyErr_SetString(PyExc_TypeError, "a trigger is (entry, pack, category, set)");
                return -1;
            }
            if (read_id(item, 0, entry_count, 0, &self->trigger_entry[t]) < 0
                || read_id(item, 1, packs, 0, &self->trigger_pack[t]) < 0
                || read_id(item, 2, categories, 1, &self->trigger_category[t]) < 0
                || read_id(item, 3, sets, 1, &self->trigger_set[t]) < 0)
                return -1;
        }
    }
    self->trigger_first[count] = (int32_t)t;
    if (trie_build(&self->trie, keys) < 0) return -1;
    self->keys = Py_NewRef(keys);
    self->owners = Py_NewRef(owners);
    self->entries = Py_NewRef(entries);
    self->hit_type = Py_NewRef(hit_type);
    find_slots(self, hit_type);
    self->packs = packs;
    self->categories = categories;
    self->sets = sets;
    return 0;
}

/* A mask argument: None (no limit) or bytes of the given length, one byte per id. */
static int
read_mask(PyObject *mask, Py_ssize_t length, const char *what, const char **out)
{
    if (mask == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!PyBytes_Check(mask) || PyBytes_GET_SIZE(mask) != length) {
        PyErr_Format(PyExc_ValueError, "%s must be None or bytes of length %zd", what, length);
        return -1;
    }
    *out = PyBytes_AS_STRING(mask);
    return 0;
}

static PyObject *
make_hit(AutomatonObject *self, int32_t entry, Py_ssize_t start, Py_ssize_t end, PyObject *key)
{
    PyObject *start_obj = PyLong_FromSsize_t(start);
    PyObject *end_obj = start_obj ? PyLong_FromSsize_t(end) : NULL;
    PyObject *hit = NULL;
    if (end_obj == NULL) {
        Py_XDECREF(start_obj);
        return NULL;
    }
    PyObject *values[4] = {PyTuple_GET_ITEM(self->entries, entry), start_obj, end_obj, key};
    if (self->slot_offset[0] >= 0) {
        PyTypeObject *cls = (PyTypeObject *)self->hit_type;
        hit = cls->tp_alloc(cls, 0);
        if (hit != NULL) {
            for (int i = 0; i < 4; i++) *(PyObject **)((char *)hit + self->slot_offset[i]) = Py_NewRef(values[i]);
        }
    }
    else {
        hit = PyObject_Vectorcall(self->hit_type, values, 4, NULL);
    }
    Py_DECREF(start_obj);
    Py_DECREF(end_obj);
    return hit;
}


/* Everything one key occurrence ending at `end` gives. */
static int
emit(AutomatonObject *self, int32_t k, Py_ssize_t end, const char *active, const char *sets, const char *categories,
     int keep_unselected, PyObject *hits, PyObject *allows, PyObject *unselected)
{
    PyObject *key = PyTuple_GET_ITEM(self->keys, k);
    Py_ssize_t start = end - self->trie.key_len[k];
    for (int32_t t = self->trigger_first[k]; t < self->trigger_first[k + 1]; t++) {
        int32_t category = self->trigger_category[t];
        if (active != NULL && !active[self->trigger_pack[t]]) {
            if (keep_unselected && category >= 0 && (categories == NULL || categories[category])) {
                PyObject *hit = make_hit(self, self->trigger_entry[t], start, end, key);
                if (hit == NULL) return -1;
                if (append_new(unselected, Py_BuildValue("(nN)", PyList_GET_SIZE(hits), hit)) < 0) return -1;
            }
            continue;
        }
        if (category < 0) {
            if (sets != NULL && (self->trigger_set[t] < 0 || !sets[self->trigger_set[t]])) continue;
        }
        else if (categories != NULL && !categories[category]) {
            continue;
        }
        if (append_new(hits, make_hit(self, self->trigger_entry[t], start, end, key)) < 0) return -1;
    }
    PyObject *owners = PyTuple_GET_ITEM(self->owners, k);
    Py_ssize_t count = PyTuple_GET_SIZE(owners);
    for (Py_ssize_t j = 0; j < count; j++) {
        PyObject *owner = PyTuple_GET_ITEM(owners, j);
        PyObject *spans = PyDict_GetItemWithError(allows, owner); /* borrowed */
        if (spans == NULL) {
            if (PyErr_Occurred()) return -1;
            spans = PyList_New(0);
            if (spans == NULL) return -1;
            int status = PyDict_SetItem(allows, owner, spans);
            Py_DECREF(spans); /* the dict holds it */
            if (status < 0) return -1;
        }
        if (append_new(spans, Py_BuildValue("(nn)", start, end)) < 0) return -1;
    }
    return 0;
}

/* scan(text, active, sets, categories, keep_unselected) -> (hits, allows, unselected)
 *
 * active / sets / categories: None (no limit) or bytes masks indexed by pack / phrase-set /
 * category id. The filters are those of matcher.Matcher.candidates, in the same order; hits come
 * in the order of their end, the longest first among those ending at the same character.
 */
static PyObject *
Automaton_scan(AutomatonObject *self, PyObject *args)
{
    PyObject *text, *active_obj, *sets_obj, *categories_obj;
    int keep_unselected;
    if (!PyArg_ParseTuple(args, "UOOOp:scan", &text, &active_obj, &sets_obj, &categories_obj, &keep_unselected))
        return NULL;
    if (self->keys == NULL) { /* __init__ not run, or failed */
        PyErr_SetString(PyExc_RuntimeError, "Automaton is not initialized");
        return NULL;
    }
    const char *active, *sets, *categories;
    if (read_mask(active_obj, self->packs, "active", &active) < 0
        || read_mask(sets_obj, self->sets, "sets", &sets) < 0
        || read_mask(categories_obj, self->categories, "categories", &categories) < 0)
        return NULL;
    keep_unselected = keep_unselected && active != NULL;
    PyObject *hits = PyList_New(0), *allows = PyDict_New(), *unselected = PyList_New(0);
    if (hits == NULL || allows == NULL || unselected == NULL) goto fail;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Trie *trie = &self->trie;
    int32_t state = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        state = trie_step(trie, state, read_char(kind, data, i));
        for (int32_t out = trie_output(trie, state); out != 0; out = trie->next_out[out]) {
            if (emit(self, trie->key_at[out], i + 1, active, sets, categories, keep_unselected, hits, allows,
                     unselected) < 0)
                goto fail;
        }
    }
    return Py_BuildValue("(NNN)", hits, allows, unselected);
fail:
    Py_XDECREF(hits);
    Py_XDECREF(allows);
    Py_XDECREF(unselected);
    return NULL;
}

static PyMethodDef Automaton_methods[] = {
    {"scan", (PyCFunction)Automaton_scan, METH_VARARGS,
     "scan(text, active, sets, categories, keep_unselected) -> (hits, allows, unselected)"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject AutomatonType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "scriptlint._core.Automaton",
    .tp_basicsize = sizeof(AutomatonObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "An Aho-Corasick automaton over lexicon keys, with the candidate filters.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Automaton_init,
    .tp_dealloc = (destructor)Automaton_dealloc,
    .tp_methods = Automaton_methods,
};

/* ============================== module ============================== */

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "scriptlint._core",
    .m_doc = "The compiled core of scriptlint's matching engine (normalize.py and lexicon/matcher.py "
             "are the pure-Python reference).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__core(void)
{
    if (PyType_Ready(&FolderType) < 0 || PyType_Ready(&AutomatonType) < 0) return NULL;
    PyObject *module = PyModule_Create(&core_module);
    if (module == NULL) return NULL;
    if (PyModule_AddObjectRef(module, "Folder", (PyObject *)&FolderType) < 0
        || PyModule_AddObjectRef(module, "Automaton", (PyObject *)&AutomatonType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
