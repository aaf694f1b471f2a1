import re

from django.db import migrations, models

import articles.richtext

PLAIN_KINDS = ["heading", "quote"]
LINE_END = re.compile(r"</(?:p|li)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_words(html):
    """A subheading's or pull quote's sanitised HTML as the plain words an editor typed: one
    line for each paragraph or line break, entities decoded, no markup."""
    from articles.richtext import to_text

    lines = (line.strip() for line in to_text(LINE_END.sub("\n", html or "")).split("\n"))
    return "\n".join(line for line in lines if line)


def words_to_their_own_field(apps, schema_editor):
    """Subheadings and pull quotes were kept as HTML in ``text``; they move to ``words``."""
    Block = apps.get_model("articles", "Block")
    for block in Block.objects.filter(kind__in=PLAIN_KINDS).only("pk", "text").iterator():
        Block.objects.filter(pk=block.pk).update(words=plain_words(block.text), text="")


def words_back_to_text(apps, schema_editor):
    from articles.richtext import plain_paragraphs

    Block = apps.get_model("articles", "Block")
    for block in Block.objects.filter(kind__in=PLAIN_KINDS).only("pk", "words").iterator():
        text = plain_paragraphs(block.words.replace("\n", "\n\n"))
        Block.objects.filter(pk=block.pk).update(text=text, words="")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_search_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="block",
            name="words",
            field=models.TextField(
                blank=True,
                help_text="Plain words, shown exactly as typed.",
            ),
        ),
        migrations.AlterField(
            model_name="block",
            name="kind",
            field=models.CharField(
                choices=[
                    ("text", "Paragraphs"),
                    ("heading", "Subheading"),
                    ("photo", "Photo"),
                    ("quote", "Pull quote"),
                ],
                default="text",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="block",
            name="text",
            field=articles.richtext.RichTextField(
                blank=True,
                help_text="Paragraphs, lists, links, bold and italics. Pasted text keeps just those.",
            ),
        ),
        migrations.AlterField(
            model_name="block",
            name="caption",
            field=models.TextField(
                blank=True, help_text="Replaces the photo's own caption in this article."
            ),
        ),
        migrations.AlterField(
            model_name="block",
            name="attribution",
            field=models.CharField(
                blank=True,
                help_text="Who said it, as it should read under the quote.",
                max_length=200,
            ),
        ),
        migrations.RunPython(words_to_their_own_field, words_back_to_text),
    ]
