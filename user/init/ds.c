/*
 * The prompt's "ds" command: a look inside DS, the data store
 * (<mica/ds.h>), for a student who wants to see what is published.
 *
 *   ds                 every entry: key, type, owner, value
 *   ds get KEY         one entry's value
 *   ds put KEY VALUE   publish (or overwrite) KEY, owned by init: a
 *                      number if VALUE is all digits, else a string
 *   ds del KEY         delete one of init's entries
 */
#include "init.h"

static const char *type_name(u32_t type)
{
	static const char *names[] = { "?", "u32", "string", "memory", "map", "label" };

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

/* The decimal number s, if s is one (up to 2^32 - 1). */
static int number(const char *s, u32_t *value)
{
	u32_t v = 0;

	if (*s == '\0' || strlen(s) > 9)
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (u32_t)(*s - '0');
	*value = v;
	return *s == '\0';
}

/* One entry's value, after its key. */
static void show_value(const struct mess_ds *e)
{
	char text[DS_STRING_MAX];
	u8_t bytes[16];
	size_t i;
	int r;

	switch (e->flags) {
	case DSF_U32:
		printf("%u (0x%x)\n", e->value, e->value);
		break;
	case DSF_LABEL:
		printf("endpoint %d\n", (endpoint_t)e->value);
		break;
	case DSF_STRING:
		if ((r = ds_retrieve_str(e->key, text, sizeof(text))) == OK)
			printf("\"%s\"\n", text);
		else
			printf("(%s)\n", errstr(r));
		break;
	case DSF_MEM:
		r = ds_retrieve_mem(e->key, bytes, sizeof(bytes), NULL);
		printf("%u bytes:", e->len);
		for (i = 0; (r == OK || r == E2BIG) && i < sizeof(bytes) && i < e->len; i++)
			printf(" %02x", bytes[i]);
		printf("%s\n", e->len > sizeof(bytes) ? " ..." : "");
		break;
	default:
		printf("\n");
	}
}

/* Every entry (key NULL), or the one named key; 0 if none was shown. */
static int show(const char *key)
{
	struct mess_ds e;
	u32_t i;
	int r, shown = 0;

	for (i = 0; (r = ds_list(i, &e)) == OK; i++) {
		if (key != NULL && strcmp(e.key, key) != 0)
			continue;
		if (key == NULL)
			printf("%-24s %-6s owner %-5d ", e.key, type_name(e.flags), e.owner);
		show_value(&e);
		shown++;
	}
	if (r != ENOENT)
		printf("ds: %s\n", errstr(r));
	return shown;
}

/* The next word of *s, which moves past it. */
static char *word(char **s)
{
	char *w = *s;

	while (**s != '\0' && **s != ' ')
		(*s)++;
	if (**s == ' ')
		*(*s)++ = '\0';
	while (**s == ' ')
		(*s)++;
	return w;
}

void cmd_ds(char *args)
{
	char *what = word(&args), *key = word(&args);
	u32_t value;
	int r;

	if (*what == '\0') {
		if (!show(NULL))
			printf("ds: the store is empty\n");
	} else if (strcmp(what, "get") == 0 && *key != '\0' && *args == '\0') {
		if (!show(key))
			printf("ds: no entry %s\n", key);
	} else if (strcmp(what, "put") == 0 && *key != '\0' && *args != '\0') {
		r = number(args, &value) ? ds_publish_u32(key, value, DSF_OVERWRITE)
		                         : ds_publish_str(key, args, DSF_OVERWRITE);
		if (r != OK)
			printf("ds: put %s: %s\n", key, errstr(r));
	} else if (strcmp(what, "del") == 0 && *key != '\0' && *args == '\0') {
		if ((r = ds_delete(key)) != OK)
			printf("ds: del %s: %s\n", key, errstr(r));
	} else {
		printf("usage: ds | ds get KEY | ds put KEY VALUE | ds del KEY\n");
	}
}
