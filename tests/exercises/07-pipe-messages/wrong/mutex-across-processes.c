/* Wrong: a mutex around the two writes: the senders are processes, and each has its own copy of the mutex. */
#include "07-pipe-messages.h"

#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t send_lock = PTHREAD_MUTEX_INITIALIZER;

void send_message(int fd, const char *text, size_t len)
{
	pthread_mutex_lock(&send_lock);
	if (write(fd, text, len) >= 0) {
		ex_pause();
		if (write(fd, "\n", 1) < 0) {
			/* the reader is gone */
		}
	}
	pthread_mutex_unlock(&send_lock);
}
