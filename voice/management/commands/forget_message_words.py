from django.core.management.base import BaseCommand

from voice.services import forget_old_message_words


class Command(BaseCommand):
    help = "Blank the words of young people's messages closed VOICE_KEEP_TEXT_DAYS ago or more."

    def handle(self, *args, **options):
        forgotten = forget_old_message_words()
        self.stdout.write(f"Forgot the words of {forgotten} message(s).")
