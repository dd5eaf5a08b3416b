from django import template

from trygg.operations.prose import entry_sentence

register = template.Library()

register.filter("entry_sentence", entry_sentence)
